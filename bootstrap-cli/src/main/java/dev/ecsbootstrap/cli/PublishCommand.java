package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.aws.AccountId;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.Deadline;
import dev.ecsbootstrap.aws.KmsKeyIds;
import dev.ecsbootstrap.aws.Retrier;
import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.fragment.EngineAuthType;
import dev.ecsbootstrap.fragment.Fragment;
import dev.ecsbootstrap.fragment.FragmentValidator;
import dev.ecsbootstrap.publish.Destination;
import dev.ecsbootstrap.publish.DockerConfigReader;
import dev.ecsbootstrap.publish.FragmentRenderer;
import dev.ecsbootstrap.publish.RegistryCredential;
import dev.ecsbootstrap.publish.RegistryNames;
import dev.ecsbootstrap.publish.S3FragmentPublisher;
import dev.ecsbootstrap.publish.Uploaded;
import dev.ecsbootstrap.redact.RedactedDiff;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** {@code publish}: turn a docker login into an SSE-KMS encrypted fragment in S3. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
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
    S3Uri uri = S3Uri.parse(to);
    checkFlags(uri);
    Output output =
        new Output(
            spec.commandLine().getOut(), spec.commandLine().getErr(), common.verbose, common.json);
    Prepared prepared = prepare(output);
    if (dryRun) {
      if (common.json) {
        output.result(
            JsonReport.published(
                uri, Optional.empty(), prepared.format(), prepared.registries(), ""));
      } else {
        prepared.redacted().lines().forEach(output::result);
      }
      output.info("dry run: nothing uploaded to " + uri);
      return 0;
    }
    Destination destination =
        new Destination(
            uri,
            Optional.ofNullable(kmsKeyId),
            Optional.ofNullable(expectedBucketOwner),
            Optional.ofNullable(ifMatch),
            noOverwrite);
    Retrier retrier = new Retrier(Deadline.after(common.timeout), Duration.ZERO, output::warn);
    try (AwsClients aws =
        new AwsClients(
            Optional.ofNullable(common.endpointUrl),
            root.environment(),
            "ecs-bootstrap/" + VersionProvider.version())) {
      Uploaded uploaded =
          new S3FragmentPublisher(aws.s3(region()), retrier).upload(destination, prepared.bytes());
      output.info(
          "uploaded "
              + uri
              + uploaded.versionId().map(version -> " (version " + version + ")").orElse("")
              + ", SSE-KMS"
              + uploaded.kmsKeyId().map(key -> " " + key).orElse("")
              + "; "
              + prepared.format()
              + " for "
              + String.join(", ", prepared.registries()));
      String apply = applyLine(uri);
      if (common.json) {
        output.result(
            JsonReport.published(
                uri, uploaded.versionId(), prepared.format(), prepared.registries(), apply));
      } else {
        output.info("put this line in the instances' user data:");
        output.result(apply);
      }
    }
    return 0;
  }

  /**
   * The fragment to upload (validated UTF-8, so its bytes survive), its redacted form, what it
   * names.
   */
  private record Prepared(
      Secret fragment, String redacted, String format, List<String> registries) {
    byte[] bytes() {
      return fragment.reveal().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "Prepared[" + format + ", " + registries + "]";
    }
  }

  private void checkFlags(S3Uri uri) {
    int inputs =
        (dockerConfig != null ? 1 : 0)
            + (username != null ? 1 : 0)
            + (fragmentFile != null ? 1 : 0);
    if (inputs != 1) {
      throw BootstrapException.usage(
          "give exactly one of --docker-config, --username or --fragment");
    }
    if (username != null && !passwordStdin) {
      throw BootstrapException.usage(
          "--username needs --password-stdin: the password is read from standard input, never from"
              + " an argument");
    }
    if (passwordStdin && username == null) {
      throw BootstrapException.usage("--password-stdin goes with --username");
    }
    if (username != null && registries.size() != 1) {
      throw BootstrapException.usage("--username needs exactly one --registry");
    }
    if (fragmentFile != null && (format != null || !registries.isEmpty())) {
      throw BootstrapException.usage(
          "--fragment is uploaded as is: --format and --registry do not apply");
    }
    if (format != null && EngineAuthType.fromWireName(format).isEmpty()) {
      throw BootstrapException.usage("--format must be dockercfg or docker");
    }
    if (ifMatch != null && noOverwrite) {
      throw BootstrapException.usage("--if-match and --no-overwrite exclude each other");
    }
    if (expectedBucketOwner != null && !AccountId.isValid(expectedBucketOwner)) {
      throw BootstrapException.usage("--expected-bucket-owner must be a 12-digit account id");
    }
    if (uri.versionId().isPresent()) {
      throw BootstrapException.usage("--to names an object, not a version: drop ?versionId=");
    }
  }

  private Prepared prepare(Output output) {
    if (fragmentFile != null) {
      byte[] bytes = InputFiles.read(fragmentFile);
      Fragment fragment = validated(fragmentFile.toString(), bytes, output);
      String type =
          fragment.setting("ECS_ENGINE_AUTH_TYPE").map(s -> s.value().reveal()).orElse("none");
      String redacted =
          String.join(
              "\n",
              new String(bytes, StandardCharsets.UTF_8).lines().map(RedactedDiff::redact).toList());
      return new Prepared(
          Secret.of(new String(bytes, StandardCharsets.UTF_8)),
          redacted,
          type,
          fragment.registries());
    }
    List<RegistryCredential> credentials;
    EngineAuthType type;
    if (dockerConfig != null) {
      credentials =
          DockerConfigReader.read(
              dockerConfig.toString(), InputFiles.read(dockerConfig), registries, output::warn);
      type = EngineAuthType.DOCKERCFG;
    } else {
      credentials =
          List.of(
              new RegistryCredential(
                  RegistryNames.normalize(registries.get(0)), username, password()));
      type = EngineAuthType.DOCKER;
    }
    if (format != null) {
      type = EngineAuthType.fromWireName(format).orElseThrow();
    }
    byte[] bytes = FragmentRenderer.render(type, credentials);
    // Exactly the rules apply will use: what passes here, apply accepts.
    Fragment fragment = validated("generated fragment", bytes, output);
    return new Prepared(
        Secret.of(new String(bytes, StandardCharsets.UTF_8)),
        FragmentRenderer.renderRedacted(type, credentials),
        type.wireName(),
        fragment.registries());
  }

  private static Fragment validated(String source, byte[] bytes, Output output) {
    Fragment fragment = FragmentValidator.parse(source, bytes);
    for (Problem warning : fragment.warnings()) {
      output.warn(warning.render(source));
    }
    return fragment;
  }

  /** Like docker login --password-stdin: all of standard input, less one trailing newline. */
  private Secret password() {
    byte[] bytes;
    try {
      bytes = root.stdin().readNBytes(InputFiles.MAX_BYTES);
    } catch (IOException e) {
      throw BootstrapException.usage("cannot read the password from standard input");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw BootstrapException.usage("the password on standard input is not UTF-8");
    }
    if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.isEmpty()) {
      throw BootstrapException.usage("no password on standard input");
    }
    return Secret.of(text);
  }

  /** --region, AWS_REGION, AWS_DEFAULT_REGION, then the SDK's chain (profile files). */
  private String region() {
    if (common.region != null) {
      return common.region;
    }
    for (String variable : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
      String value = root.environment().get(variable);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (SdkClientException e) {
      throw BootstrapException.usage("no region: pass --region or set AWS_REGION");
    }
  }

  /** The user-data command; names the key only when apply can check it (not an alias). */
  private String applyLine(S3Uri uri) {
    boolean checkableKey = kmsKeyId != null && !KmsKeyIds.isAlias(kmsKeyId);
    return "java -jar ecs-bootstrap.jar apply "
        + uri
        + (checkableKey ? " --kms-key-id " + kmsKeyId : "");
  }
}
