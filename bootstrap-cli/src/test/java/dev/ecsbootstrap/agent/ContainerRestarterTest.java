package dev.ecsbootstrap.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.RecordingLog;
import dev.ecsbootstrap.testing.agent.RecordingCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerRestarterTest {
  @TempDir Path folder;
  private final RecordingLog log = new RecordingLog();

  @Test
  void runsTheRunScriptOnceWithNoArguments() {
    RecordingCommand runScript = RecordingCommand.create(folder, "run-ecs-agent");

    AgentRestarters.forHost(Optional.of(runScript.executable()), log).restart();

    assertThat(runScript.calls()).containsExactly("run-ecs-agent ");
    assertThat(log.lines())
        .containsExactly("INFO recreating the ECS agent's container: " + runScript.executable());
  }

  @Test
  void aFailingRunScriptExitsTen() {
    RecordingCommand runScript =
        RecordingCommand.create(folder, "run-ecs-agent", 125, Duration.ZERO);

    assertThatThrownBy(() -> new ContainerRestarter(runScript.executable(), log).restart())
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AGENT_RESTART_FAILED))
        .hasMessage(
            "could not restart the ECS agent: `"
                + runScript.executable()
                + "` exited with status 125; the restart stays pending");
  }

  @Test
  void aRunScriptThatHangsIsStoppedAtTheTimeout() {
    RecordingCommand runScript =
        RecordingCommand.create(folder, "run-ecs-agent", 0, Duration.ofSeconds(30));

    assertThatThrownBy(
            () ->
                new ContainerRestarter(runScript.executable(), Duration.ofMillis(500), log)
                    .restart())
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AGENT_RESTART_FAILED))
        .hasMessageContaining("did not finish");
  }

  @Test
  void theRunScriptsDataFolderWinsOverEcsConfigs() {
    byte[] ecsConfig = "ECS_DATADIR=/var/lib/ecs\n".getBytes(StandardCharsets.UTF_8);

    assertThatCode(
            () ->
                new ContainerRestarter(folder.resolve("run-ecs-agent"), log)
                    .requireStateKept(ecsConfig, false))
        .doesNotThrowAnyException();
  }

  @Test
  void checkpointingTurnedOffIsRefused() {
    byte[] ecsConfig = "ECS_CHECKPOINT=false\n".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(
            () ->
                new ContainerRestarter(folder.resolve("run-ecs-agent"), log)
                    .requireStateKept(ecsConfig, false))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AGENT_STATE_NOT_KEPT));
  }

  @Test
  void withoutARunScriptTheHostIsRestartedThroughSystemd() {
    assertThat(AgentRestarters.forHost(Optional.empty(), log)).isInstanceOf(SystemdRestarter.class);
  }
}
