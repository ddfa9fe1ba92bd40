package dev.ecsbootstrap.agent;

import static dev.ecsbootstrap.agent.StateKeeping.DataDir.ECS_CONFIG_MAY_OVERRIDE;
import static dev.ecsbootstrap.agent.StateKeeping.DataDir.FIXED_BY_RUN_SCRIPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.RecordingLog;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rule of agent/config/parse.go parseCheckpoint and ecs-init's /data mount. */
class StateKeepingTest {
  private final RecordingLog log = new RecordingLog();

  private static byte[] config(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theDefaultsKeepState() {
    assertThat(StateKeeping.whyLost(config("ECS_CLUSTER=prod\n"), ECS_CONFIG_MAY_OVERRIDE))
        .isEmpty();
    assertThat(StateKeeping.whyLost(new byte[0], FIXED_BY_RUN_SCRIPT)).isEmpty();
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"false", "0", "f", "F", "FALSE", "False", " false", "false \t"})
  void checkpointingOffAsGoReadsABooleanLosesState(String value) {
    assertThat(
            StateKeeping.whyLost(
                config("ECS_CLUSTER=prod\nECS_CHECKPOINT=" + value + "\n"), FIXED_BY_RUN_SCRIPT))
        .contains(
            "ecs.config line 2 turns ECS_CHECKPOINT off, so the agent keeps no state across a"
                + " restart");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"true", "1", "", "no", "off", "maybe"})
  void checkpointingOnEmptyOrUnreadableKeepsStateSinceTheDataFolderIsSet(String value) {
    assertThat(
            StateKeeping.whyLost(config("ECS_CHECKPOINT=" + value + "\n"), ECS_CONFIG_MAY_OVERRIDE))
        .isEmpty();
  }

  @Test
  void theLastAssignmentOfAKeyDecides() {
    assertThat(
            StateKeeping.whyLost(
                config("ECS_CHECKPOINT=false\nECS_CHECKPOINT=true\n"), ECS_CONFIG_MAY_OVERRIDE))
        .isEmpty();
    assertThat(
            StateKeeping.whyLost(
                config("ECS_CHECKPOINT=true\n# ECS_CHECKPOINT=true\nECS_CHECKPOINT=0"),
                ECS_CONFIG_MAY_OVERRIDE))
        .get()
        .asString()
        .startsWith("ecs.config line 3 ");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"/var/lib/ecs/data", "", "data", " /data", "/data/../var", "/database"})
  void aDataFolderOutsideEcsInitsMountLosesStateOnEcsInitHosts(String value) {
    assertThat(StateKeeping.whyLost(config("ECS_DATADIR=" + value + "\n"), ECS_CONFIG_MAY_OVERRIDE))
        .get()
        .asString()
        .startsWith("ecs.config line 1 sets ECS_DATADIR to a folder outside /data, where ecs-init");
    assertThat(StateKeeping.whyLost(config("ECS_DATADIR=" + value + "\n"), FIXED_BY_RUN_SCRIPT))
        .as("the run script's --env=ECS_DATADIR=/data comes after --env-file and wins")
        .isEmpty();
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"/data", "/data/", "/data/agent", "/data/./x/.."})
  void aDataFolderInsideTheMountKeepsState(String value) {
    assertThat(StateKeeping.whyLost(config("ECS_DATADIR=" + value + "\n"), ECS_CONFIG_MAY_OVERRIDE))
        .isEmpty();
  }

  @Test
  void refusesWithExitNineNamingTheKeyTheLineWhatIsLostAndForce() {
    assertThatThrownBy(
            () ->
                StateKeeping.require(
                    config("ECS_CHECKPOINT=false\n"), FIXED_BY_RUN_SCRIPT, false, log))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AGENT_STATE_NOT_KEPT))
        .hasMessage(
            "--restart-agent refused: ecs.config line 1 turns ECS_CHECKPOINT off, so the agent"
                + " keeps no state across a restart; the restarted agent would register as a new"
                + " container instance and orphan the tasks running here; ecs.config was written,"
                + " the agent not restarted (--force restarts anyway)");
    assertThat(log.lines()).isEmpty();
  }

  @Test
  void forceRestartsAnywayWithAWarningThatHoldsNoValue() {
    String secretLookingFolder = "/s3cret-folder";

    StateKeeping.require(
        config("ECS_DATADIR=" + secretLookingFolder + "\n"), ECS_CONFIG_MAY_OVERRIDE, true, log);

    assertThat(log.lines())
        .singleElement()
        .asString()
        .startsWith("WARN --force: restarting the ECS agent although ecs.config line 1 sets")
        .doesNotContain(secretLookingFolder);
  }

  @Test
  void keptStateNeedsNoForceAndLogsNothing() {
    StateKeeping.require(config("ECS_DATADIR=/data\n"), ECS_CONFIG_MAY_OVERRIDE, false, log);

    assertThat(log.lines()).isEmpty();
  }
}
