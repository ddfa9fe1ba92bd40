package dev.ecsbootstrap.testing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.Shellcheck;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** bench/run is not run by the build (timing is never asserted), but it stays lint-clean. */
class BenchScriptTest {
  private static final Path BENCH = Path.of(System.getProperty("bench.dir", "../bench"));
  private static final Path RUN = BENCH.resolve("run");
  private static final Path SETUPS = BENCH.resolve("setups.sh");

  @Test
  void shellcheckFindsNothing() {
    Shellcheck.assertClean(List.of(RUN, SETUPS));
  }

  @Test
  void isStrictAndNeverTraces() throws IOException {
    assertThat(Files.readString(RUN))
        .startsWith("#!/usr/bin/env bash\n")
        .contains("set -o errexit -o nounset -o pipefail")
        .doesNotContain("set -x");
    assertThat(Files.isExecutable(RUN)).isTrue();
  }

  @Test
  void everyDefaultSetupDefinesItsThreeFunctions() throws IOException {
    Matcher defaults =
        Pattern.compile(": \"\\$\\{BENCH_SETUPS:=([^}]*)}\"").matcher(Files.readString(RUN));
    assertThat(defaults.find()).isTrue();
    List<String> setups = List.of(defaults.group(1).trim().split(" +"));

    CliResult declared =
        CliRunner.runProcess(
                List.of("bash", "-c", "source \"$1\"; declare -F", "bash", SETUPS.toString()),
                new byte[0],
                Map.of(),
                Duration.ofSeconds(30))
            .assertExit(0);

    assertThat(setups).isNotEmpty();
    for (String setup : setups) {
      for (String function : List.of("label", "target", "prepare")) {
        assertThat(declared.out())
            .as(setup)
            .contains("declare -f setup::" + setup + "::" + function + "\n");
      }
    }
  }
}
