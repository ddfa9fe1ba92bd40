package dev.ecsbootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The jar as users get it: runnable with java -jar, one HTTP client, documented exit codes. */
class ShadedJarIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static CliResult run(String... args) {
    return CliRunner.runJar(ShadedJar.path(), Map.of(), TIMEOUT, args);
  }

  @Test
  void helpListsCommandsAndExitCodes() {
    CliResult result = run("--help").assertExit(0);

    assertThat(result.out()).contains("apply", "publish", "validate", "Exit Codes:");
    // Long meanings wrap onto indented lines.
    String unwrapped = result.out().replaceAll("\\s+", " ");
    for (ExitCode code : ExitCode.values()) {
      assertThat(unwrapped).contains(" " + code.value() + " " + code.meaning());
    }
  }

  @Test
  void everySubcommandHasHelpVersionAndTheExitCodes() {
    for (String command : new String[] {"apply", "publish", "validate", "render-userdata"}) {
      assertThat(run(command, "--help").assertExit(0).out())
          .as(command)
          .startsWith("Usage: ecs-bootstrap " + command)
          .contains("Exit Codes:");
      assertThat(run(command, "--version").assertExit(0).out()).startsWith("ecs-bootstrap ");
    }
    assertThat(run("--version").assertExit(0).out()).startsWith("ecs-bootstrap ");
  }

  @Test
  void badArgumentsExitWithUsage() {
    assertThat(run("apply").assertExit(ExitCode.USAGE.value()).err())
        .contains("Missing required parameter")
        .contains("Try 'ecs-bootstrap apply --help'");
    assertThat(run("apply", "https://not-s3/x").assertExit(ExitCode.USAGE.value()).err())
        .contains("s3://BUCKET/KEY");
    run("apply", "s3://b-u-c/k", "--timeout", "soon").assertExit(ExitCode.USAGE.value());
    run("apply", "s3://b-u-c/k", "--expected-bucket-owner", "me")
        .assertExit(ExitCode.USAGE.value());
    run("apply", "s3://b-u-c/k", "--kms-key-id", "alias/aws/s3").assertExit(ExitCode.USAGE.value());
    run().assertExit(ExitCode.USAGE.value());
  }

  @Test
  void printsNoLoggingFrameworkNotices() {
    CliResult result = run("apply", "s3://b-u-c/k", "--kms-key-id", "alias/aws/s3");

    assertThat(result.err()).doesNotContain("SLF4J").doesNotContain("StaticLoggerBinder");
  }

  @Test
  void bundlesOnlyTheUrlConnectionHttpClient() throws IOException {
    try (JarFile jar = new JarFile(ShadedJar.path().toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.ecsbootstrap.cli.Main");
      assertThat(jar.stream().map(entry -> entry.getName()))
          .anyMatch(name -> name.startsWith("software/amazon/awssdk/http/urlconnection/"))
          .noneMatch(name -> name.startsWith("io/netty/"))
          .noneMatch(name -> name.startsWith("software/amazon/awssdk/http/apache"))
          .noneMatch(name -> name.startsWith("org/apache/http/"));
    }
  }
}
