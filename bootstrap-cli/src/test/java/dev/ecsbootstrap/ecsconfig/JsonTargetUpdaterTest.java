package dev.ecsbootstrap.ecsconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.aws.Deadline;
import dev.ecsbootstrap.fragment.FragmentValidator;
import dev.ecsbootstrap.fragment.Setting;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apply --target json's write: both files, their locks, the ecs.config conflict and the move. */
class JsonTargetUpdaterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;

  private Path ecsConfig() {
    return directory.resolve("ecs.config");
  }

  private Path json() {
    return directory.resolve("ecs.config.json");
  }

  /** The docker fragment with the canary password, and ECS_CLUSTER. */
  private static List<Setting> fragment() {
    List<Setting> settings =
        new ArrayList<>(
            FragmentValidator.parse("s3://b/k", Samples.dockerFragment(Samples.REGISTRY))
                .settings());
    settings.addAll(
        FragmentValidator.parse("--cluster", Samples.utf8("ECS_CLUSTER=prod\n")).settings());
    return settings;
  }

  private JsonTargetUpdater.Outcomes update(
      List<Setting> settings, boolean moveAuth, boolean dryRun) {
    return JsonTargetUpdater.update(
        ecsConfig(),
        json(),
        settings,
        moveAuth,
        dryRun,
        Deadline.after(Duration.ofSeconds(5)),
        false);
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  /** A file's state less its folder's names (a refused run may leave its lock files). */
  private static List<Object> untouched(FileState state) {
    return List.of(
        state.sha256(), state.mode(), state.inode(), state.modified(), state.statusChanged());
  }

  private static List<Object> untouched(Path file) throws IOException {
    return untouched(FileState.of(file));
  }

  private List<String> names() throws IOException {
    try (var entries = Files.list(directory)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesTheAuthToTheJsonFileAndEverythingElseToEcsConfigAtMode0600() throws IOException {
    Files.write(ecsConfig(), Samples.existingEcsConfig());
    Files.writeString(json(), "{\"Cluster\": \"from-json\", \"DataDir\": \"/data\"}\n");

    JsonTargetUpdater.Outcomes outcomes = update(fragment(), false, false);

    assertThat(outcomes.ecsConfig().status())
        .as("ECS_CLUSTER=prod is there already")
        .isEqualTo(EcsConfigUpdater.Status.UNCHANGED);
    assertThat(outcomes.json().status()).isEqualTo(EcsConfigUpdater.Status.CHANGED);
    assertThat(read(ecsConfig()))
        .isEqualTo(new String(Samples.existingEcsConfig(), StandardCharsets.UTF_8))
        .doesNotContain("ECS_ENGINE_AUTH");
    assertThat(JSON.readTree(json().toFile()).get("DataDir").asText()).isEqualTo("/data");
    AgentFileConfig agent = AgentFileConfig.decode(Files.readAllBytes(json()));
    assertThat(agent.authType()).isEqualTo("docker");
    assertThat(agent.authData().orElseThrow().get(Samples.REGISTRY).get("password").asText())
        .isEqualTo(Canary.SECRET);
    assertThat(mode(json())).isEqualTo("rw-------");
    assertThat(names())
        .as("no temp file left; the lock files stay")
        .containsExactly(
            ".ecs.config.json.lock", ".ecs.config.lock", "ecs.config", "ecs.config.json");
  }

  @Test
  void aSecondRunRewritesNeitherFile() throws IOException {
    Files.write(ecsConfig(), Samples.existingEcsConfig());
    update(fragment(), false, false);
    FileState ecsBefore = FileState.of(ecsConfig());
    FileState jsonBefore = FileState.of(json());

    JsonTargetUpdater.Outcomes again = update(fragment(), false, false);

    assertThat(again.json().status()).isEqualTo(EcsConfigUpdater.Status.UNCHANGED);
    assertThat(again.ecsConfig().status()).isEqualTo(EcsConfigUpdater.Status.UNCHANGED);
    assertThat(FileState.of(json())).isEqualTo(jsonBefore);
    assertThat(FileState.of(ecsConfig())).isEqualTo(ecsBefore);
  }

  @Test
  void aMalformedJsonFileIsRefusedAndNeitherFileWritten() throws IOException {
    Files.write(ecsConfig(), Samples.existingEcsConfig());
    Files.writeString(json(), "{\"Cluster\": \"prod\",\n \"DataDir\" \"/data\"}\n");
    FileState ecsBefore = FileState.of(ecsConfig());
    FileState jsonBefore = FileState.of(json());

    assertThatThrownBy(() -> update(fragment(), false, false))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
              assertThat(e.source()).isEqualTo(json().toString());
              assertThat(e.problems()).extracting(Problem::line).containsExactly(2);
              assertThat(e.problems().get(0).message()).startsWith("malformed JSON at column 12;");
            });
    assertThat(untouched(json())).isEqualTo(untouched(jsonBefore));
    assertThat(untouched(ecsConfig())).isEqualTo(untouched(ecsBefore));
  }

  @Test
  void authLinesInEcsConfigAreRefusedByLineNumberWithoutTheirValues() throws IOException {
    String existing =
        "ECS_CLUSTER=prod\n"
            + "ECS_ENGINE_AUTH_TYPE=docker\n"
            + "# a comment\n"
            + "export ECS_ENGINE_AUTH_DATA={\"r\":{\"password\":\"old-pw\"}}\n";
    Files.writeString(ecsConfig(), existing);
    FileState before = FileState.of(ecsConfig());

    assertThatThrownBy(() -> update(fragment(), false, false))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
              assertThat(e.problems())
                  .extracting(problem -> problem.render(e.source()))
                  .containsExactly(
                      ecsConfig()
                          + ":2: error: ECS_ENGINE_AUTH_TYPE here would override the JSON config"
                          + " file: ecs-init passes every ecs.config line to the agent as an"
                          + " environment variable, and the agent takes environment values over"
                          + " the file. Pass --move-auth to move the auth into the JSON file and"
                          + " remove these lines",
                      ecsConfig()
                          + ":4: error: ECS_ENGINE_AUTH_DATA here would override the JSON config"
                          + " file: ecs-init passes every ecs.config line to the agent as an"
                          + " environment variable, and the agent takes environment values over"
                          + " the file. Pass --move-auth to move the auth into the JSON file and"
                          + " remove these lines");
              assertThat(e.getMessage()).doesNotContain("old-pw", "docker");
            });
    assertThat(untouched(ecsConfig())).isEqualTo(untouched(before));
    assertThat(json()).doesNotExist();
  }

  @Test
  void aDryRunRefusesTheConflictToo() throws IOException {
    Files.writeString(ecsConfig(), "ECS_ENGINE_AUTH_TYPE=docker\n");

    assertThatThrownBy(() -> update(fragment(), false, true))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT));
  }

  @Test
  void moveAuthLeavesEcsConfigWithoutTheSecretAndTheJsonFileWithIt() throws IOException {
    Files.write(
        ecsConfig(),
        Samples.utf8(
            "ECS_LOGLEVEL=info\n"
                + new String(Samples.dockerFragment("old.example.com"), StandardCharsets.UTF_8)
                + "ECS_CLUSTER=prod\n"));

    JsonTargetUpdater.Outcomes outcomes = update(fragment(), true, false);

    byte[] ecsBytes = Files.readAllBytes(ecsConfig());
    assertThat(new String(ecsBytes, StandardCharsets.UTF_8))
        .isEqualTo("ECS_LOGLEVEL=info\nECS_CLUSTER=prod\n");
    for (String form : Canary.forms()) {
      assertThat(new String(ecsBytes, StandardCharsets.UTF_8)).doesNotContain(form);
    }
    assertThat(read(json())).contains(Canary.jsonEscaped());
    assertThat(outcomes.ecsConfig().merge().keys(KeyChange.Kind.REMOVED))
        .containsExactlyInAnyOrder("ECS_ENGINE_AUTH_TYPE", "ECS_ENGINE_AUTH_DATA");
    assertThat(mode(ecsConfig())).isEqualTo("rw-------");
  }

  @Test
  void moveAuthMovesEcsConfigsOwnAuthWhenTheFragmentHasNone() throws IOException {
    Files.write(
        ecsConfig(),
        Samples.utf8(
            "ECS_CLUSTER=prod\n"
                + new String(Samples.dockerFragment(Samples.REGISTRY), StandardCharsets.UTF_8)));
    List<Setting> clusterOnly =
        FragmentValidator.parse("--cluster", Samples.utf8("ECS_CLUSTER=prod\n")).settings();

    update(clusterOnly, true, false);

    assertThat(read(ecsConfig())).isEqualTo("ECS_CLUSTER=prod\n");
    AgentFileConfig agent = AgentFileConfig.decode(Files.readAllBytes(json()));
    assertThat(agent.authType()).isEqualTo("docker");
    assertThat(agent.authData().orElseThrow().get(Samples.REGISTRY).get("password").asText())
        .isEqualTo(Canary.SECRET);
  }

  @Test
  void withoutAuthAnywhereTheJsonFileIsNotCreated() throws IOException {
    List<Setting> clusterOnly =
        FragmentValidator.parse("--cluster", Samples.utf8("ECS_CLUSTER=prod\n")).settings();

    JsonTargetUpdater.Outcomes outcomes = update(clusterOnly, false, false);

    assertThat(outcomes.json().status()).isEqualTo(EcsConfigUpdater.Status.UNCHANGED);
    assertThat(json()).doesNotExist();
    assertThat(read(ecsConfig())).isEqualTo("ECS_CLUSTER=prod\n");
  }

  @Test
  void aDryRunWritesNeitherFile() throws IOException {
    JsonTargetUpdater.Outcomes outcomes = update(fragment(), false, true);

    assertThat(outcomes.json().status()).isEqualTo(EcsConfigUpdater.Status.DRY_RUN);
    assertThat(outcomes.json().merge().changed()).isTrue();
    assertThat(ecsConfig()).doesNotExist();
    assertThat(json()).doesNotExist();
  }

  /** The JSON file is written first: when it cannot be, ecs.config keeps its auth lines. */
  @Test
  void whenTheJsonFileCannotBeWrittenEcsConfigKeepsItsAuth() throws IOException {
    Files.write(
        ecsConfig(),
        Samples.utf8(
            "ECS_CLUSTER=prod\n"
                + new String(Samples.dockerFragment(Samples.REGISTRY), StandardCharsets.UTF_8)));
    FileState before = FileState.of(ecsConfig());
    Files.writeString(directory.resolve("not-a-folder"), "");
    Path json = directory.resolve("not-a-folder").resolve("ecs.config.json");

    assertThatThrownBy(
            () ->
                JsonTargetUpdater.update(
                    ecsConfig(),
                    json,
                    fragment(),
                    true,
                    false,
                    Deadline.after(Duration.ofSeconds(5)),
                    false))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_FILE));
    assertThat(untouched(ecsConfig())).isEqualTo(untouched(before));
  }

  /**
   * A lock file that cannot be made (here: a folder in its place) stands for a read-only folder.
   */
  @Test
  void withoutALockBothFilesAlreadyInPlaceAreUnchangedAndAnythingElseIsExit7() throws IOException {
    Files.write(ecsConfig(), Samples.existingEcsConfig());
    update(fragment(), false, false);
    Files.delete(directory.resolve(".ecs.config.lock"));
    Files.createDirectory(directory.resolve(".ecs.config.lock"));

    JsonTargetUpdater.Outcomes again = update(fragment(), false, false);

    assertThat(again.json().status()).isEqualTo(EcsConfigUpdater.Status.UNCHANGED);
    assertThat(again.ecsConfig().status()).isEqualTo(EcsConfigUpdater.Status.UNCHANGED);
    Files.writeString(json(), "{}\n");
    assertThatThrownBy(() -> update(fragment(), false, false))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_FILE));
    assertThat(read(json())).isEqualTo("{}\n");
  }
}
