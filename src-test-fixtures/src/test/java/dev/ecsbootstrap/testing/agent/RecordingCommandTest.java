package dev.ecsbootstrap.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingCommandTest {
  @TempDir Path folder;

  private static Process run(RecordingCommand command, String... args) throws IOException {
    List<String> argv = new java.util.ArrayList<>(List.of(command.executable().toString()));
    argv.addAll(List.of(args));
    return new ProcessBuilder(argv).redirectErrorStream(true).start();
  }

  @Test
  void recordsEachCallsArgumentsInOrder() throws Exception {
    RecordingCommand systemctl = RecordingCommand.create(folder, "systemctl");
    assertThat(systemctl.calls()).isEmpty();

    assertThat(run(systemctl, "restart", "--no-block", "ecs").waitFor()).isZero();
    assertThat(run(systemctl, "is-active", "ecs").waitFor()).isZero();

    assertThat(systemctl.calls())
        .containsExactly("systemctl restart --no-block ecs", "systemctl is-active ecs");
  }

  @Test
  void exitsWithTheChosenStatus() throws Exception {
    RecordingCommand docker = RecordingCommand.create(folder, "docker", 125, Duration.ZERO);

    assertThat(run(docker, "run").waitFor()).isEqualTo(125);
    assertThat(docker.calls()).containsExactly("docker run");
  }

  @Test
  void pausesBeforeExiting() throws Exception {
    RecordingCommand slow = RecordingCommand.create(folder, "slow", 0, Duration.ofSeconds(5));

    Process process = run(slow);

    assertThat(process.waitFor(1, TimeUnit.SECONDS)).as("still running after 1 s").isFalse();
    process.destroyForcibly().waitFor();
    assertThat(slow.calls()).containsExactly("slow ");
  }
}
