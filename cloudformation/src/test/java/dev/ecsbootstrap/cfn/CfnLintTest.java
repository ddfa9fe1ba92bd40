package dev.ecsbootstrap.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.Tools;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** cfn-lint finds no error and no warning in any template. .ci/run requires cfn-lint. */
class CfnLintTest {

  @Test
  void findsNothing() {
    Tools.assumeOnPath("cfn-lint", "pip install cfn-lint");
    List<String> command = new ArrayList<>(List.of("cfn-lint", "--format", "parseable"));
    Templates.all().forEach(template -> command.add(template.toString()));

    CliResult result =
        CliRunner.runProcess(
            command,
            new byte[0],
            Map.of("HOME", System.getProperty("java.io.tmpdir")),
            Duration.ofMinutes(3));

    assertThat(Templates.all()).hasSize(2);
    assertThat(result.out() + result.err()).as("cfn-lint findings").isBlank();
    assertThat(result.exitCode()).isZero();
  }
}
