package dev.ecsbootstrap.ecsconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.fragment.Setting;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EcsConfigMergeTest {
  private static final List<Setting> AUTH =
      List.of(
          new Setting("ECS_ENGINE_AUTH_TYPE", Secret.of("dockercfg"), 1),
          new Setting("ECS_ENGINE_AUTH_DATA", Secret.of("{\"r.io\":{\"auth\":\"dTpw\"}}"), 2));

  private static String merge(String existing) {
    return text(EcsConfigMerge.merge(existing.getBytes(StandardCharsets.UTF_8), AUTH).content());
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void appendsNewKeysToAnEmptyFile() {
    assertThat(merge(""))
        .isEqualTo(
            "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\"r.io\":{\"auth\":\"dTpw\"}}\n");
  }

  @Test
  void preservesCommentsBlankLinesAndUnknownKeysInOrder() {
    String existing = "# cluster\nECS_CLUSTER=prod\n\nSOMETHING_ELSE=x\n";

    assertThat(merge(existing))
        .startsWith(existing)
        .endsWith(
            "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\"r.io\":{\"auth\":\"dTpw\"}}\n");
  }

  @Test
  void replacesManagedKeysInPlace() {
    String existing = "ECS_ENGINE_AUTH_TYPE=docker\nECS_CLUSTER=prod\nECS_ENGINE_AUTH_DATA={}\n";

    assertThat(merge(existing))
        .isEqualTo(
            "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_CLUSTER=prod\nECS_ENGINE_AUTH_DATA={\"r.io\":{\"auth\":\"dTpw\"}}\n");
  }

  @Test
  void dropsLaterDuplicatesOfManagedKeysBecauseTheLastOneWouldWin() {
    String existing = "ECS_ENGINE_AUTH_TYPE=docker\nECS_CLUSTER=prod\nECS_ENGINE_AUTH_TYPE=stale\n";

    MergeResult result = EcsConfigMerge.merge(existing.getBytes(StandardCharsets.UTF_8), AUTH);

    assertThat(text(result.content()))
        .isEqualTo(
            """
            ECS_ENGINE_AUTH_TYPE=dockercfg
            ECS_CLUSTER=prod
            ECS_ENGINE_AUTH_DATA={"r.io":{"auth":"dTpw"}}
            """);
    assertThat(result.keys(KeyChange.Kind.REPLACED)).containsExactly("ECS_ENGINE_AUTH_TYPE");
    assertThat(result.keys(KeyChange.Kind.ADDED)).containsExactly("ECS_ENGINE_AUTH_DATA");
  }

  @Test
  void replacesLinesOtherReadersTakeForTheKey() {
    // systemd reads " KEY = v" and "export KEY=v" as KEY too; leaving them would keep a stale value
    // around.
    String existing = "export ECS_ENGINE_AUTH_TYPE=docker\n  ECS_ENGINE_AUTH_DATA = {}\n";

    assertThat(merge(existing))
        .isEqualTo(
            "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\"r.io\":{\"auth\":\"dTpw\"}}\n");
  }

  @Test
  void leavesCommentedOutSettingsAlone() {
    String existing = "#ECS_ENGINE_AUTH_TYPE=docker\n";

    assertThat(merge(existing)).startsWith(existing);
  }

  @Test
  void addsTheMissingNewlineBeforeAppending() {
    assertThat(merge("ECS_CLUSTER=prod")).startsWith("ECS_CLUSTER=prod\nECS_ENGINE_AUTH_TYPE=");
  }

  @Test
  void keepsAMissingFinalNewlineWhenNothingIsAppended() {
    // The last line keeps its bytes like every other line it does not replace.
    String existing = "ECS_ENGINE_AUTH_DATA={}\nECS_ENGINE_AUTH_TYPE=docker\nECS_CLUSTER=prod";

    assertThat(merge(existing))
        .isEqualTo(
            "ECS_ENGINE_AUTH_DATA={\"r.io\":{\"auth\":\"dTpw\"}}\nECS_ENGINE_AUTH_TYPE=dockercfg\n"
                + "ECS_CLUSTER=prod");
  }

  @Test
  void reportsEachManagedKeyInTheOrderOfTheSettings() {
    MergeResult result =
        EcsConfigMerge.merge(
            "ECS_ENGINE_AUTH_DATA={}\nECS_ENGINE_AUTH_TYPE=dockercfg\n"
                .getBytes(StandardCharsets.UTF_8),
            List.of(new Setting("ECS_CLUSTER", Secret.of("prod"), 1), AUTH.get(0), AUTH.get(1)));

    assertThat(result.changes())
        .containsExactly(
            new KeyChange("ECS_CLUSTER", KeyChange.Kind.ADDED),
            new KeyChange("ECS_ENGINE_AUTH_TYPE", KeyChange.Kind.UNCHANGED),
            new KeyChange("ECS_ENGINE_AUTH_DATA", KeyChange.Kind.REPLACED));
  }

  @Test
  void labelsKindsInLowerCase() {
    // The words of the apply summary and the --json field names.
    assertThat(KeyChange.Kind.ADDED.label()).isEqualTo("added");
    assertThat(KeyChange.Kind.REPLACED.label()).isEqualTo("replaced");
    assertThat(KeyChange.Kind.UNCHANGED.label()).isEqualTo("unchanged");
  }

  @Test
  void keepsBytesOfLinesThatAreNotUtf8() {
    byte[] existing = {'X', '=', (byte) 0xFF, (byte) 0xFE, '\n'};

    byte[] merged = EcsConfigMerge.merge(existing, AUTH).content();

    assertThat(merged).startsWith(existing);
  }

  @Test
  void isIdempotent() {
    byte[] once =
        EcsConfigMerge.merge("ECS_CLUSTER=prod\r\n".getBytes(StandardCharsets.UTF_8), AUTH)
            .content();
    MergeResult twice = EcsConfigMerge.merge(once, AUTH);

    assertThat(twice.changed()).isFalse();
    assertThat(twice.keys(KeyChange.Kind.UNCHANGED))
        .containsExactly("ECS_ENGINE_AUTH_TYPE", "ECS_ENGINE_AUTH_DATA");
  }

  @Test
  void describesItselfWithoutContent() {
    MergeResult result = EcsConfigMerge.merge(new byte[0], AUTH);

    assertThat(result.toString()).doesNotContain("dTpw").contains("changed=true");
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(
      strings = {
        "000B", "000C", "0085", "00A0", "1680", "2000", "2007", "200A", "2028", "2029", "202F",
        "205F", "3000"
      })
  void replacesALineThatEcsInitReadsAsTheKeyAfterUnicodeSpace(String codePoint) {
    String space = Character.toString(Integer.parseInt(codePoint, 16));
    byte[] existing =
        ("ECS_CLUSTER=old\n" + space + "ECS_CLUSTER=stale\n").getBytes(StandardCharsets.UTF_8);

    MergeResult result =
        EcsConfigMerge.merge(existing, List.of(new Setting("ECS_CLUSTER", Secret.of("prod"), 1)));

    // ecs-init trims the line with Go's strings.TrimSpace, and its last assignment wins.
    assertThat(new String(result.content(), StandardCharsets.UTF_8))
        .isEqualTo("ECS_CLUSTER=prod\n");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "\u001fECS_ENGINE_AUTH_TYPE=old",
        "\u001cECS_ENGINE_AUTH_TYPE=old",
        "ECS_ENGINE_AUTH_TYPE\u2003=old",
        "ECS_ENGINE_AUTH_TYPE\u00a0=old",
        "ECS_ENGINE_AUTH_TYPE\u001f=old"
      })
  void keepsALineThatNoReaderTakesForTheKey(String line) {
    // ecs-init trims only Go's white space (not U+001C..U+001F) and nothing before '='; systemd
    // skips only " \t\n\r" and drops invalid names. Java's strip() would see the key here, and
    // the merge would replace a line that assigns something else for every reader.
    String existing = line + "\n";

    assertThat(merge(existing)).startsWith(existing);
  }

  /**
   * Existing lines that are not ours keep their bytes, control characters included: the merge edits
   * only the keys it manages, and refusing would leave the instance without its registry
   * credentials over a line that someone else wrote (validate reports such lines when asked). A
   * line of a managed key is replaced, so its NUL goes with it.
   */
  @Test
  void keepsAnotherKeysLineWithANulAndReplacesAManagedKeysLineWithOne() {
    String existing =
        "ECS_CLUSTER=pr\u0000od\nECS_LOGLEVEL=\u001b[31minfo\nECS_ENGINE_AUTH_TYPE=dock\u0000er\n";

    assertThat(merge(existing))
        .isEqualTo(
            "ECS_CLUSTER=pr\u0000od\nECS_LOGLEVEL=\u001b[31minfo\nECS_ENGINE_AUTH_TYPE=dockercfg\n"
                + "ECS_ENGINE_AUTH_DATA={\"r.io\":{\"auth\":\"dTpw\"}}\n");
  }
}
