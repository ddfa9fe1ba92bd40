package dev.ecsbootstrap.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.RecordingLog;
import dev.ecsbootstrap.testing.agent.RecordingCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdRestarterTest {
  @TempDir Path folder;
  private final RecordingLog log = new RecordingLog();

  @Test
  void queuesTheRestartOfEcsServiceWithoutWaitingForIt() {
    RecordingCommand systemctl = RecordingCommand.create(folder, "systemctl");

    new SystemdRestarter(systemctl.executable(), log).restart();

    assertThat(systemctl.calls()).containsExactly("systemctl restart --no-block ecs");
    assertThat(log.lines())
        .containsExactly(
            "INFO restarting the ECS agent: "
                + systemctl.executable()
                + " restart --no-block ecs (not waiting for it to start)");
  }

  @Test
  void aFailingSystemctlExitsTenNamingTheCommandAndItsStatus() {
    RecordingCommand systemctl = RecordingCommand.create(folder, "systemctl", 5, Duration.ZERO);

    assertThatThrownBy(() -> new SystemdRestarter(systemctl.executable(), log).restart())
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AGENT_RESTART_FAILED))
        .hasMessage(
            "could not restart the ECS agent: `"
                + systemctl.executable()
                + " restart --no-block ecs` exited with status 5; the restart stays pending");
  }

  @Test
  void aMissingSystemctlExitsTen() {
    assertThatThrownBy(
            () -> new SystemdRestarter(folder.resolve("no-such-systemctl"), log).restart())
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AGENT_RESTART_FAILED))
        .hasMessageContaining("could not start `" + folder.resolve("no-such-systemctl"));
  }

  @Test
  void aSystemctlThatDoesNotReturnIsStoppedAtTheTimeout() {
    RecordingCommand systemctl =
        RecordingCommand.create(folder, "systemctl", 0, Duration.ofSeconds(30));

    assertThatThrownBy(
            () ->
                new SystemdRestarter(systemctl.executable(), Duration.ofMillis(500), log).restart())
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AGENT_RESTART_FAILED))
        .hasMessageContaining("restart --no-block ecs` did not finish within 500 ms; stopped it");
    assertThat(systemctl.calls()).containsExactly("systemctl restart --no-block ecs");
  }

  @Test
  void anEcsConfigThatOverridesTheDataFolderIsRefused() {
    byte[] ecsConfig =
        "ECS_CLUSTER=prod\nECS_DATADIR=/var/lib/ecs\n".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> SystemdRestarter.onPath(log).requireStateKept(ecsConfig, false))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AGENT_STATE_NOT_KEPT))
        .hasMessageContaining("line 2 sets ECS_DATADIR");
  }
}
