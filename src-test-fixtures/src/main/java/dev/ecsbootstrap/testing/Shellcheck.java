package dev.ecsbootstrap.testing;

import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code shellcheck --severity=warning}; where it is missing the calling test skips and says
 * so. .ci/run installs it, so CI never skips.
 */
public final class Shellcheck {
  private Shellcheck() {}

  /**
   * Fails, quoting shellcheck's findings, unless every script is clean. A script's {@code source}
   * lines are followed relative to the script's own directory.
   */
  public static void assertClean(List<Path> scripts) {
    Tools.assumeOnPath("shellcheck", "apt-get install shellcheck");
    List<String> command =
        new ArrayList<>(
            List.of(
                "shellcheck",
                "--severity=warning",
                "--external-sources",
                "--source-path=SCRIPTDIR"));
    scripts.forEach(script -> command.add(script.toString()));
    CliResult result = CliRunner.runProcess(command, new byte[0], Map.of(), Duration.ofSeconds(60));
    if (result.exitCode() != 0) {
      throw new AssertionError("shellcheck findings:\n" + result.out() + result.err());
    }
  }
}
