package dev.ecsbootstrap.ecsconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.fragment.FragmentValidator;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonConfigMergeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SOURCE = "/etc/ecs/ecs.config.json";
  private static final String DATA =
      "{\""
          + Samples.REGISTRY
          + "\":{\"username\":\""
          + Canary.USERNAME
          + "\",\"password\":\""
          + Canary.jsonEscaped()
          + "\"}}";

  @TempDir Path directory;

  private static MergeResult merge(String existing) {
    return JsonConfigMerge.merge(SOURCE, utf8(existing), Secret.of("docker"), Secret.of(DATA));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(MergeResult result) {
    return new String(result.content(), StandardCharsets.UTF_8);
  }

  private static List<String> topLevelNames(MergeResult result) throws IOException {
    List<String> names = new ArrayList<>();
    JSON.readTree(result.content()).fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void keepsEveryOtherMemberItsTextAndItsPlace() throws IOException {
    String existing =
        "{\"Cluster\": \"prod\", \"ReservedPorts\": [22, 2375],\n"
            + "  \"InstanceAttributes\": {\"a\": 1.10, \"a\": 2e0},\n"
            + "  \"TaskCleanupWaitDuration\": \"3h\"}";

    MergeResult result = merge(existing);

    assertThat(topLevelNames(result))
        .containsExactly(
            "Cluster",
            "ReservedPorts",
            "InstanceAttributes",
            "TaskCleanupWaitDuration",
            "EngineAuthType",
            "EngineAuthData");
    assertThat(text(result))
        .as("values we do not own keep their exact text: digits, nested duplicate keys")
        .contains("\"ReservedPorts\": [22, 2375]")
        .contains("\"InstanceAttributes\": {\"a\": 1.10, \"a\": 2e0}")
        .startsWith("{\n  \"Cluster\": \"prod\",\n");
    assertThat(result.changes())
        .containsExactly(
            new KeyChange("EngineAuthType", KeyChange.Kind.ADDED),
            new KeyChange("EngineAuthData", KeyChange.Kind.ADDED));
  }

  @Test
  void replacesEveryKeyThatDecodesIntoTheAuthFieldsWhateverItsCase() throws IOException {
    String existing =
        "{\"engineauthtype\": \"dockercfg\", \"Cluster\": \"prod\","
            + " \"ENGINEAUTHDATA\": {\"old\": {}}, \"EngineAuthType\": \"x\","
            + " \"engineAuthData\": null, \"EngineAuthDataX\": 1}";

    MergeResult result = merge(existing);

    assertThat(topLevelNames(result))
        .containsExactly("EngineAuthType", "Cluster", "EngineAuthData", "EngineAuthDataX");
    assertThat(text(result)).doesNotContain("dockercfg", "\"old\"", "null");
    AgentFileConfig agent = AgentFileConfig.decode(result.content());
    assertThat(agent.authType()).isEqualTo("docker");
    assertThat(agent.authData()).contains(JSON.readTree(DATA));
    assertThat(result.keys(KeyChange.Kind.REPLACED))
        .containsExactly("EngineAuthType", "EngineAuthData");
  }

  @Test
  void keysThatGoDoesNotFoldIntoTheFieldsAreOtherMembers() throws IOException {
    // Dotless i and dotted I fold only to themselves in Go (caseOrbit, src/unicode/tables.go).
    String existing = "{\"Eng\u0131neAuthData\": 1, \"Eng\u0130neAuthType\": 2}";

    MergeResult result = merge(existing);

    assertThat(topLevelNames(result))
        .containsExactly(
            "Eng\u0131neAuthData", "Eng\u0130neAuthType", "EngineAuthType", "EngineAuthData");
  }

  @Test
  void foldsTheKelvinSignAndLongSAsGoDoes() {
    assertThat(GoJsonNames.decodesInto("\u212Aey", "Key")).isTrue();
    assertThat(GoJsonNames.decodesInto("\u017Fize", "Size")).isTrue();
    assertThat(GoJsonNames.decodesInto("engineauthtype", "EngineAuthType")).isTrue();
    assertThat(GoJsonNames.decodesInto("EngineAuthTyp", "EngineAuthType")).isFalse();
    assertThat(GoJsonNames.decodesInto("EngineAuthTypes", "EngineAuthType")).isFalse();
    assertThat(GoJsonNames.decodesInto("Eng\u0131neAuthType", "EngineAuthType")).isFalse();
  }

  @Test
  void writesEngineAuthDataAsAnObjectEqualToTheFragmentsJson() throws IOException {
    MergeResult result = merge("");

    JsonNode written = JSON.readTree(result.content());
    assertThat(written.get("EngineAuthType").isTextual()).isTrue();
    assertThat(written.get("EngineAuthType").asText()).isEqualTo("docker");
    assertThat(written.get("EngineAuthData").isObject()).as("an object, not a string").isTrue();
    assertThat(written.get("EngineAuthData")).isEqualTo(JSON.readTree(DATA));
  }

  /**
   * The file as the agent reads it: Config's field names and types (EngineAuthType string,
   * EngineAuthData raw JSON), and the raw data, written back out as an ecs.config value, passes the
   * same validation as the fragment and yields the same credentials.
   */
  @Test
  void theAgentDecodesTheIntendedAuthFromTheWrittenFile() throws IOException {
    MergeResult result = merge("{\"Cluster\": \"prod\"}");

    AgentFileConfig agent = AgentFileConfig.decode(result.content());
    String asFragment =
        "ECS_ENGINE_AUTH_TYPE="
            + agent.authType()
            + "\nECS_ENGINE_AUTH_DATA="
            + JSON.writeValueAsString(agent.authData().orElseThrow())
            + "\n";
    assertThat(FragmentValidator.check(utf8(asFragment)).stream().filter(Problem::isError))
        .isEmpty();
    Path ecsConfig = Files.writeString(directory.resolve("ecs.config"), asFragment);
    assertThat(dev.ecsbootstrap.testing.AgentView.credentials(ecsConfig, Samples.REGISTRY))
        .containsExactly(Canary.USERNAME, Canary.SECRET);
  }

  @Test
  void isTwoSpaceIndentedWithAFinalNewline() {
    String written = text(merge(""));

    assertThat(written)
        .startsWith("{\n  \"EngineAuthType\": \"docker\",\n  \"EngineAuthData\": {\n");
    assertThat(written).contains("\n    \"" + Samples.REGISTRY + "\": {\n      \"username\": ");
    assertThat(written).endsWith("\n  }\n}\n");
  }

  @Test
  void mergingItsOwnOutputAgainChangesNothing() {
    MergeResult first = merge("{\"Cluster\": \"prod\",\n\"Other\": {\n  \"x\": [1,\n 2]}}");

    MergeResult second = merge(text(first));

    assertThat(second.changed()).isFalse();
    assertThat(second.changes()).extracting(KeyChange::kind).containsOnly(KeyChange.Kind.UNCHANGED);
  }

  @ParameterizedTest(name = "[{index}]")
  @ValueSource(strings = {"", "  \n", "\u00a0\u2003\n", "null", " null \n"})
  void anEmptyOrNullFileBecomesAnObjectOfTheAuthAlone(String existing) throws IOException {
    assertThat(topLevelNames(merge(existing))).containsExactly("EngineAuthType", "EngineAuthData");
  }

  @Test
  void refusesMalformedJsonNamingLineAndColumnAndNoContent() {
    String existing = "{\n  \"Cluster\": \"prod\",\n  \"Secret\": " + Canary.SECRET + "\n}";

    assertThatThrownBy(() -> merge(existing))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
              assertThat(e.problems()).hasSize(1);
              Problem problem = e.problems().get(0);
              assertThat(problem.line()).isEqualTo(3);
              assertThat(problem.render(e.source()))
                  .startsWith(SOURCE + ":3: error: malformed JSON at column 13;");
              assertThat(e.getMessage() + problem.render(e.source()))
                  .doesNotContain("c4nary", "prod", "Cluster");
            });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "[]",
        "\"EngineAuthType\"",
        "{} {}",
        "{\"a\": 1} x",
        "\uFEFF{}",
        "{\"a\": 1,}",
        "{\"a\": 'b'}",
        "{\"a\": NaN}",
        "{/* c */}",
        "{\"a\": 01}",
        "{\"a\": \"\u0001\"}",
        "{\"a\": 1"
      })
  void refusesWhatTheAgentCannotDecode(String existing) {
    assertThatThrownBy(() -> merge(existing))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
              assertThat(e.problems()).singleElement().matches(Problem::isError);
            });
  }

  @Test
  void refusesInvalidUtf8() {
    byte[] existing = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};

    assertThatThrownBy(
            () -> JsonConfigMerge.merge(SOURCE, existing, Secret.of("docker"), Secret.of(DATA)))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT));
  }

  @Test
  void showsNoValueInItsStringForms() {
    MergeResult result =
        merge(
            "{\"EngineAuthData\": {\"r\": {\"password\": \"old-" + Canary.jsonEscaped() + "\"}}}");

    assertThat(result.toString()).doesNotContain("c4nary", Canary.USERNAME);
    assertThat(
            JsonConfigDocument.parse(SOURCE, result.content()).toString()
                + JsonConfigDocument.parse(SOURCE, result.content()).members())
        .doesNotContain("c4nary", Canary.USERNAME);
  }
}
