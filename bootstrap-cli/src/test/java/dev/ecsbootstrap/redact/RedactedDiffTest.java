package dev.ecsbootstrap.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.ecsconfig.EcsConfigMerge;
import dev.ecsbootstrap.fragment.Setting;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactedDiffTest {
  private static final List<Setting> CLUSTER_PROD =
      List.of(new Setting("ECS_CLUSTER", Secret.of("prod"), 1));

  @Test
  void showsChangedKeysWithValuesRedacted() {
    byte[] existing =
        "# c\nECS_CLUSTER=prod\nECS_ENGINE_AUTH_DATA={\"old\":{}}\n"
            .getBytes(StandardCharsets.UTF_8);
    List<Setting> settings =
        List.of(
            new Setting("ECS_ENGINE_AUTH_TYPE", Secret.of("dockercfg"), 1),
            new Setting(
                "ECS_ENGINE_AUTH_DATA", Secret.of("{\"new\":{\"auth\":\"c2VjcmV0OnB3\"}}"), 2));

    List<String> diff =
        RedactedDiff.render("/etc/ecs/ecs.config", EcsConfigMerge.merge(existing, settings));

    assertThat(diff)
        .containsExactly(
            "--- /etc/ecs/ecs.config",
            "+++ /etc/ecs/ecs.config (after apply)",
            "@@ -3,1 +3,2 @@",
            "-ECS_ENGINE_AUTH_DATA=[redacted]",
            "+ECS_ENGINE_AUTH_DATA=[redacted]",
            "+ECS_ENGINE_AUTH_TYPE=dockercfg");
    assertThat(String.join("\n", diff)).doesNotContain("c2VjcmV0OnB3").doesNotContain("old");
  }

  @Test
  void showsAStaleDuplicateAsRemovedInItsPlaceAndKeepsTheCommentAsContext() {
    // The last assignment is the one ecs-init reads; the merge moves it up to the first one's line.
    byte[] existing =
        "ECS_CLUSTER=old\n# note\nECS_CLUSTER=prod\n".getBytes(StandardCharsets.UTF_8);

    assertThat(RedactedDiff.render("f", EcsConfigMerge.merge(existing, CLUSTER_PROD)))
        .containsExactly(
            "--- f",
            "+++ f (after apply)",
            "@@ -1,1 +1,1 @@",
            "-ECS_CLUSTER=[redacted]",
            "+ECS_CLUSTER=[redacted]",
            "@@ -3,1 +2,0 @@",
            "-ECS_CLUSTER=[redacted]");
  }

  @Test
  void diffsAFileOfExactlyTheLimitOfLinePairs() {
    // 2000 x 2000 lines is 4,000,000 pairs: still diffed.
    String comments = "# line\n".repeat(1999);
    byte[] existing = (comments + "ECS_CLUSTER=old\n").getBytes(StandardCharsets.UTF_8);

    assertThat(RedactedDiff.render("f", EcsConfigMerge.merge(existing, CLUSTER_PROD)))
        .containsExactly(
            "--- f",
            "+++ f (after apply)",
            "@@ -2000,1 +2000,1 @@",
            "-ECS_CLUSTER=[redacted]",
            "+ECS_CLUSTER=[redacted]");
  }

  @Test
  void summarisesAFileOverTheLimitInsteadOfDiffingIt() {
    byte[] existing = "# line\n".repeat(2000).getBytes(StandardCharsets.UTF_8);

    assertThat(RedactedDiff.render("f", EcsConfigMerge.merge(existing, CLUSTER_PROD)))
        .containsExactly(
            "--- f", "+++ f (after apply)", "@@ file too large to diff: 2000 -> 2001 lines @@");
  }

  @Test
  void isEmptyWhenNothingChanges() {
    byte[] existing = "ECS_CLUSTER=prod\n".getBytes(StandardCharsets.UTF_8);

    assertThat(RedactedDiff.render("f", EcsConfigMerge.merge(existing, CLUSTER_PROD))).isEmpty();
  }

  @Test
  void redactsEveryValueExceptTheAuthTypeName() {
    assertThat(RedactedDiff.redact("HTTPS_PROXY=http://user:pw@proxy:3128"))
        .isEqualTo("HTTPS_PROXY=[redacted]");
    assertThat(RedactedDiff.redact("ECS_ENGINE_AUTH_TYPE=docker"))
        .isEqualTo("ECS_ENGINE_AUTH_TYPE=docker");
    assertThat(RedactedDiff.redact("ECS_ENGINE_AUTH_TYPE=hunter2"))
        .isEqualTo("ECS_ENGINE_AUTH_TYPE=[redacted]");
    assertThat(RedactedDiff.redact("# password=hunter2")).isEqualTo("# [comment]");
    assertThat(RedactedDiff.redact("hunter2")).isEqualTo("[line]");
    // Nothing before '=' is no key, so nothing of the line is shown.
    assertThat(RedactedDiff.redact("=hunter2")).isEqualTo("[line]");
  }

  @Test
  void showsABlankLineAsItIs() {
    // White space holds no value; showing it keeps a changed blank line visible in the diff.
    assertThat(RedactedDiff.redact(" \t")).isEqualTo(" \t");
  }
}
