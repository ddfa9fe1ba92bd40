package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.Console;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.publish.Publish;
import dev.ecsbootstrap.publish.PublishRequest;
import dev.ecsbootstrap.publish.PublishResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code publish}: the options of {@link dev.ecsbootstrap.publish.Publish}, and its output. */
@Command(
    name = "publish",
    description = {
      "Uploads registry credentials to S3 as an ecs.config fragment, encrypted with KMS.",
      "",
      "Takes them from a docker config.json (either layout), from --username with the password on"
          + " standard input, or from an existing fragment; converts them to the format the ECS"
          + " agent reads, validates them with the rules apply uses, and prints the apply line for"
          + " user data. The password is never accepted as an argument or environment variable."
    })
final class PublishCommand implements Callable<Integer> {

  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "S3_URI",
      description = "s3://BUCKET/KEY to write.")
  String to;

  @Option(
      names = "--docker-config",
      paramLabel = "FILE",
      description = "A docker config.json (e.g. ~/.docker/config.json) holding inline logins.")
  Path dockerConfig;

  @Option(
      names = "--username",
      paramLabel = "USER",
      description = "Registry user; the password comes from standard input (--password-stdin).")
  String username;

  @Option(
      names = "--password-stdin",
      description = "Read the password from standard input, like docker login.")
  boolean passwordStdin;

  @Option(
      names = "--fragment",
      paramLabel = "FILE",
      description = "An existing fragment to validate and upload as is.")
  Path fragmentFile;

  @Option(
      names = "--registry",
      paramLabel = "HOST",
      description =
          "Registry to publish (repeatable); with --docker-config default every entry with an"
              + " inline auth. Required once with --username.")
  List<String> registries = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "dockercfg (base64 auth) or docker (username/password); default dockercfg for"
              + " --docker-config, docker for --username.")
  String format;

  @Option(
      names = "--kms-key-id",
      paramLabel = "ID|ARN|ALIAS",
      description = "KMS key for SSE-KMS; default the bucket's default KMS key, or aws/s3.")
  String kmsKeyId;

  @Option(
      names = "--expected-bucket-owner",
      paramLabel = "ACCOUNT",
      description = "Account id that must own the bucket (sent as ExpectedBucketOwner).")
  String expectedBucketOwner;

  @Option(
      names = "--if-match",
      paramLabel = "ETAG",
      description = "Replace the object only if it still has this ETag (safe concurrent updates).")
  String ifMatch;

  @Option(names = "--no-overwrite", description = "Create the object only if it does not exist.")
  boolean noOverwrite;

  @Option(
      names = "--dry-run",
      description = "Print the fragment with secrets redacted; upload nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    PublishRequest request =
        PublishRequest.fromFlags(
            to,
            dockerConfig,
            username,
            passwordStdin,
            fragmentFile,
            registries,
            format,
            Optional.ofNullable(kmsKeyId),
            Optional.ofNullable(expectedBucketOwner),
            Optional.ofNullable(ifMatch),
            noOverwrite,
            Optional.ofNullable(common.region),
            common.timeout,
            dryRun);
    Console output = common.output(spec);
    try (AwsClients aws = root.awsClients(common.endpointUrl)) {
      PublishResult result = new Publish(aws, root.stdin(), output).run(request);
      if (common.json) {
        output.result(result.toJson());
      } else {
        result.resultLines().forEach(output::result);
      }
    }
    return 0;
  }
}
