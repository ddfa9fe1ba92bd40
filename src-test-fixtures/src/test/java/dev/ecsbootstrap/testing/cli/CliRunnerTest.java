package dev.ecsbootstrap.testing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliRunnerTest {
  @TempDir Path directory;

  @Test
  void runsAProcessInTheGivenDirectoryWithOnlyTheGivenEnvironment() throws IOException {
    CliResult result =
        CliRunner.runProcess(
            List.of("sh", "-c", "pwd; echo \"$ONLY\" \"${AWS_ACCESS_KEY_ID:-none}\""),
            directory,
            new byte[0],
            Map.of("ONLY", "this"),
            Duration.ofSeconds(30));

    result.assertExit(0);
    assertThat(result.out()).isEqualTo(directory.toRealPath() + "\nthis none\n");
  }
}
