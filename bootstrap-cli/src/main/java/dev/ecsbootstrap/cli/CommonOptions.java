package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.Console;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options every command that talks to S3 takes, with one spelling and one meaning. */
final class CommonOptions {

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description =
          "Region of the S3 client; default AWS_REGION, AWS_DEFAULT_REGION, the profile's region,"
              + " then the instance's region from IMDS.")
  String region;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description =
          "S3-compatible endpoint (path-style); default AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL.")
  URI endpointUrl;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description = "Budget for the whole run, retries included (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--json", description = "Print one JSON object on stdout instead of progress.")
  boolean json;

  @Option(
      names = {"-v", "--verbose"},
      description = "More progress; stack traces on errors.")
  boolean verbose;

  /** Progress to stderr; with --json the summary replaces the INFO lines, warnings stay. */
  Console output(CommandSpec spec) {
    return new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), verbose, json);
  }
}
