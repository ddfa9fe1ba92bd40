package dev.ecsbootstrap.cli;

import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options every command that talks to S3 takes, with one spelling and one meaning. */
final class CommonOptions {

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description =
          "Region of the S3 client; default AWS_REGION (apply: else the instance's region from"
              + " IMDS; publish: else the SDK's region chain).")
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
}
