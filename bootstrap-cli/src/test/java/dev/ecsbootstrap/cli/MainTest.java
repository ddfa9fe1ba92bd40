package dev.ecsbootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** In-process: the command line contract that needs no network. */
class MainTest {

  private static CliResult run(String... args) {
    return CliRunner.run(Main::run, Map.of(), args);
  }

  @Test
  void missingCommandIsAUsageError() {
    CliResult result = run().assertExit(ExitCode.USAGE.value());

    assertThat(result.err())
        .startsWith("ecs-bootstrap: error: missing command")
        .contains("Usage: ecs-bootstrap");
  }

  @Test
  void helpDocumentsEveryExitCode() {
    CliResult result = run("apply", "--help").assertExit(0);

    for (ExitCode code : ExitCode.values()) {
      assertThat(result.out()).contains(code.value() + "   " + code.meaning());
    }
  }

  /**
   * Off an instance IMDS never answers: a flag error must not wait for it (the default timeout is
   * 120s).
   */
  @Test
  @Timeout(10)
  void flagErrorsAreReportedBeforeAnyNetworkCall() {
    assertThat(run("apply", "s3://cfg-bucket/k", "--kms-key-id", "alias/ecs").assertExit(2).err())
        .contains("--kms-key-id takes a key id or key ARN");
    assertThat(
            run("apply", "s3://cfg-bucket/k", "--expected-bucket-owner", "12345")
                .assertExit(2)
                .err())
        .contains("12-digit account id");
    assertThat(run("apply", "s3://cfg-bucket/k", "--cluster", "prod cluster").assertExit(2).err())
        .contains("--cluster takes a cluster name");
    assertThat(run("apply", "s3:/cfg-bucket/k").assertExit(2).err())
        .contains("is not an s3://BUCKET/KEY URI");
  }

  @Test
  void publishNeverTakesThePasswordAsAnArgument() {
    assertThat(
            run("publish", "--to", "s3://cfg-bucket/k", "--registry", "r.io", "--username", "u")
                .assertExit(2)
                .err())
        .contains("--username needs --password-stdin");
    CliResult typed =
        run("publish", "--to", "s3://cfg-bucket/k", "--password", "hunter2", "--pw=hunter3");

    assertThat(typed.assertExit(2).err())
        .startsWith(
            "ecs-bootstrap: error: unknown option --password, --pw; 1 unexpected argument(s)")
        .contains("Try 'ecs-bootstrap publish --help'")
        .doesNotContain("hunter2")
        .doesNotContain("hunter3");
  }

  @Test
  void publishNeedsExactlyOneInput() {
    assertThat(run("publish", "--to", "s3://cfg-bucket/k").assertExit(2).err())
        .contains("exactly one of --docker-config, --username or --fragment");
  }

  @Test
  void renderUserdataNeedsLocationsUnlessForCloudFormation() {
    assertThat(run("render-userdata").assertExit(2).err())
        .contains("--config, --jar and --jar-sha256 are needed");
    assertThat(run("render-userdata", "--cloudformation").assertExit(0).out())
        .startsWith(
            "#!/usr/bin/env bash\n# Rendered by ecs-bootstrap render-userdata --cloudformation");
  }

  @Test
  void unknownOptionsAreUsageErrors() {
    assertThat(run("apply", "s3://cfg-bucket/k", "--bogus").assertExit(2).err())
        .contains("unknown option --bogus");
  }
}
