package dev.ecsbootstrap.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsbootstrap.ecsconfig.EcsConfigUpdater;
import dev.ecsbootstrap.fragment.Fragment;
import dev.ecsbootstrap.source.InMemoryS3;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forms one apply is reported in: the summary line, the redacted diff, the --json object. */
class ApplyResultTest {
  @TempDir Path dir;
  private final InMemoryApply apply = new InMemoryApply();

  private Path ecsConfig() {
    return dir.resolve("ecs.config");
  }

  private static void assertNoSecret(String output) {
    for (String secret : Canary.forms()) {
      assertThat(output).doesNotContain(secret);
    }
  }

  @Test
  void theSummaryNamesTheFileStatusAndEachKeysChange() {
    ApplyResult result = apply.apply(Samples.dockercfgFragment(), ecsConfig());

    assertThat(result.summary())
        .isEqualTo(
            ecsConfig() + ": changed (ECS_ENGINE_AUTH_TYPE added, ECS_ENGINE_AUTH_DATA added)");
  }

  @Test
  void anUnchangedFileWhoseModeWasTightenedSaysSo() throws Exception {
    apply.apply(Samples.dockercfgFragment(), ecsConfig());
    Files.setPosixFilePermissions(ecsConfig(), PosixFilePermissions.fromString("rw-r--r--"));

    ApplyResult again = apply.apply(Samples.dockercfgFragment(), ecsConfig());

    assertThat(again.summary())
        .isEqualTo(
            ecsConfig()
                + ": unchanged (mode set to 0600) (ECS_ENGINE_AUTH_TYPE unchanged,"
                + " ECS_ENGINE_AUTH_DATA unchanged)");
  }

  @Test
  void aMergeWithoutKeysHasNoKeyList() {
    // apply always merges at least one key; the line format still holds without any.
    EcsConfigUpdater.Outcome outcome = EcsConfigUpdater.update(ecsConfig(), List.of(), true);
    ApplyResult result =
        new ApplyResult(
            ecsConfig(), outcome, new Fragment("none", List.of(), List.of(), List.of()), List.of());

    assertThat(result.summary()).isEqualTo(ecsConfig() + ": dry-run");
  }

  @Test
  void theDiffShowsTheChangedLinesWithEveryValueRedacted() throws Exception {
    Files.write(ecsConfig(), Samples.existingEcsConfig());

    List<String> diff = apply.apply(Samples.dockercfgFragment(), ecsConfig()).redactedDiff();

    // The lines already there stay; the two added ones follow them.
    assertThat(diff)
        .containsExactly(
            "--- " + ecsConfig(),
            "+++ " + ecsConfig() + " (after apply)",
            "@@ -3,0 +4,2 @@",
            "+ECS_ENGINE_AUTH_TYPE=dockercfg",
            "+ECS_ENGINE_AUTH_DATA=[redacted]");
    assertNoSecret(String.join("\n", diff));
  }

  @Test
  void theJsonNamesSourceKeysRegistriesAndWarningsButNoValue() {
    byte[] fragment =
        Samples.utf8(
            new String(Samples.dockercfgFragment(), StandardCharsets.UTF_8) + "ECS_CLUSTR=prod\n");

    String json = apply.apply(fragment, ecsConfig()).toJson();

    assertThat(json)
        .isEqualTo(
            "{\"status\":\"changed\",\"ecsConfig\":\""
                + ecsConfig()
                + "\",\"modeFixed\":false,\"sources\":[{\"uri\":\"s3://in-memory-bucket/fragment.env\","
                + "\"versionId\":null,\"encryption\":\"aws:kms\",\"kmsKeyId\":\""
                + InMemoryS3.KMS_KEY
                + "\",\"bytes\":"
                + fragment.length
                + "}],\"sourceStatus\":[{\"uri\":\"s3://in-memory-bucket/fragment.env\","
                + "\"status\":\"fetched\"}],\"agentRestart\":\"not-requested\","
                + "\"restartPending\":false,\"keys\":{\"added\":[\"ECS_ENGINE_AUTH_TYPE\",\"ECS_ENGINE_AUTH_DATA\","
                + "\"ECS_CLUSTR\"],\"replaced\":[],\"unchanged\":[]},"
                + "\"registries\":[\"registry.example.com\"],\"warnings\":["
                + "\"s3://in-memory-bucket/fragment.env:3: warning: an unknown ECS_ key of"
                + " 10 characters: the ECS agent does not read it; did you mean ECS_CLUSTER?\"]}");
    assertNoSecret(json);
  }

  private Path ecsConfigJson() {
    return dir.resolve("ecs.config.json");
  }

  private ApplyResult applyToJson(byte[] fragment, boolean moveAuth, boolean dryRun) {
    return apply.apply(
        fragment, ecsConfig(), new AuthTarget(true, ecsConfigJson(), moveAuth), dryRun);
  }

  @Test
  void withTargetJsonTheSummaryNamesBothFiles() throws Exception {
    Files.write(ecsConfig(), Samples.existingEcsConfig());

    ApplyResult result = applyToJson(Samples.dockercfgFragment(), false, false);

    assertThat(result.summary())
        .isEqualTo(
            ecsConfig()
                + ": unchanged (mode set to 0600); "
                + ecsConfigJson()
                + ": changed (EngineAuthType added, EngineAuthData added)");
  }

  @Test
  void withTargetJsonTheJsonReportHasTheJsonFilesStatusAndNoValue() throws Exception {
    Files.write(
        ecsConfig(),
        Samples.utf8(
            new String(Samples.existingEcsConfig(), StandardCharsets.UTF_8)
                + new String(Samples.dockercfgFragment(), StandardCharsets.UTF_8)));

    String json = applyToJson(Samples.dockercfgFragment(), true, false).toJson();

    JsonNode report = new ObjectMapper().readTree(json);
    assertThat(report.get("keys").get("removed"))
        .extracting(JsonNode::asText)
        .containsExactly("ECS_ENGINE_AUTH_TYPE", "ECS_ENGINE_AUTH_DATA");
    JsonNode file = report.get("ecsConfigJson");
    assertThat(file.get("path").asText()).isEqualTo(ecsConfigJson().toString());
    assertThat(file.get("status").asText()).isEqualTo("changed");
    assertThat(file.get("keys").get("added"))
        .extracting(JsonNode::asText)
        .containsExactly("EngineAuthType", "EngineAuthData");
    assertNoSecret(json);
  }

  @Test
  void withTargetJsonTheDryRunDiffRedactsBothFiles() throws Exception {
    Files.write(
        ecsConfig(),
        Samples.utf8(
            "ECS_CLUSTER=prod\n"
                + new String(Samples.dockerFragment(Samples.REGISTRY), StandardCharsets.UTF_8)));
    Files.writeString(
        ecsConfigJson(),
        "{\"EngineAuthData\": {\"r\": {\"password\": \"" + Canary.jsonEscaped() + "\"}}}");

    List<String> diff =
        applyToJson(Samples.dockerFragment(Samples.REGISTRY), true, true).redactedDiff();

    assertThat(diff)
        .containsExactly(
            "--- " + ecsConfig(),
            "+++ " + ecsConfig() + " (after apply)",
            "@@ -2,2 +1,0 @@",
            "-ECS_ENGINE_AUTH_TYPE=docker",
            "-ECS_ENGINE_AUTH_DATA=[redacted]",
            "--- " + ecsConfigJson(),
            "+++ " + ecsConfigJson() + " (after apply)",
            "@@ fields, values redacted; every other field kept as it was @@",
            "~ \"EngineAuthType\": [redacted] (added)",
            "~ \"EngineAuthData\": [redacted] (replaced)");
    assertNoSecret(String.join("\n", diff));
    assertThat(Files.readString(ecsConfig())).contains(Canary.jsonEscaped());
  }
}
