package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.aws.AccountId;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.Deadline;
import dev.ecsbootstrap.aws.KmsKeyIds;
import dev.ecsbootstrap.aws.Retrier;
import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.ecsconfig.EcsConfigUpdater;
import dev.ecsbootstrap.fragment.Fragment;
import dev.ecsbootstrap.fragment.FragmentCombiner;
import dev.ecsbootstrap.fragment.FragmentValidator;
import dev.ecsbootstrap.imds.InstanceMetadata;
import dev.ecsbootstrap.redact.RedactedDiff;
import dev.ecsbootstrap.source.FetchedObject;
import dev.ecsbootstrap.source.ObjectPolicy;
import dev.ecsbootstrap.source.S3FragmentSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code apply}: fetch fragments from S3 with the instance role, validate them, merge into
 * ecs.config.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Merges ecs.config fragments from S3 into /etc/ecs/ecs.config.",
      "",
      "Fetches each fragment with the instance role (IMDSv2) and refuses any that is not SSE-KMS"
          + " encrypted, too large, or in a bucket of another account; validates it as the ECS agent will"
          + " parse it; merges it atomically (mode 0600), keeping every other line. Transient failures"
          + " are retried within --timeout."
    })
final class ApplyCommand implements Callable<Integer> {
  private static final Pattern CLUSTER =
      Pattern.compile(
          "[A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:cluster/[A-Za-z0-9_-]{1,255}");

  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Parameters(
      arity = "1..*",
      paramLabel = "S3_URI",
      description = "s3://BUCKET/KEY[?versionId=ID] of a fragment; several are merged in order.")
  List<String> sources;

  @Option(
      names = "--ecs-config",
      paramLabel = "PATH",
      defaultValue = "/etc/ecs/ecs.config",
      description = "File to merge into (default: ${DEFAULT-VALUE}); created if missing.")
  Path ecsConfig;

  @Option(
      names = "--expected-bucket-owner",
      paramLabel = "ACCOUNT",
      description =
          "Account id that must own the bucket; default the instance's own account from IMDS;"
              + " 'any' turns the check off.")
  String expectedBucketOwner;

  @Option(
      names = "--kms-key-id",
      paramLabel = "ID|ARN",
      description = "Refuse objects encrypted under any other KMS key.")
  String kmsKeyId;

  @Option(
      names = "--allow-unencrypted",
      description = "Accept objects that are not SSE-KMS encrypted.")
  boolean allowUnencrypted;

  @Option(
      names = "--cluster",
      paramLabel = "NAME|ARN",
      description =
          "Also set ECS_CLUSTER (the same validated, atomic merge); a fragment setting it too is an"
              + " error.")
  String cluster;

  @Option(
      names = "--access-denied-grace",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "How long AccessDenied is retried, for roles and policies still propagating"
              + " (default: ${DEFAULT-VALUE}).")
  Duration accessDeniedGrace;

  @Option(
      names = "--dry-run",
      description = "Print the change as a redacted unified diff; write nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    // Every usage error is found before the first network call: off an instance IMDS never answers.
    List<S3Uri> uris = sources.stream().map(S3Uri::parse).toList();
    Optional<String> kmsKey = kmsKey();
    checkBucketOwnerFlag();
    Optional<Fragment> clusterSetting = clusterSetting();
    // With --json the summary replaces the progress lines; warnings and retries still go to stderr.
    Output output =
        new Output(
            spec.commandLine().getOut(), spec.commandLine().getErr(), common.verbose, common.json);
    Retrier retrier = new Retrier(Deadline.after(common.timeout), accessDeniedGrace, output::warn);
    try (AwsClients aws =
        new AwsClients(
            Optional.ofNullable(common.endpointUrl),
            root.environment(),
            "ecs-bootstrap/" + VersionProvider.version())) {
      InstanceMetadata instance = new InstanceMetadata(aws.imds(), retrier);
      String s3Region = resolveRegion(instance, output);
      ObjectPolicy policy =
          new ObjectPolicy(
              allowUnencrypted,
              kmsKey,
              bucketOwner(instance, output),
              ObjectPolicy.DEFAULT_MAX_BYTES);
      S3FragmentSource source = new S3FragmentSource(aws.s3(s3Region), retrier);
      List<Fragment> fragments = new ArrayList<>();
      List<FetchedObject> fetched = new ArrayList<>();
      for (S3Uri uri : uris) {
        FetchedObject object = source.fetch(uri, policy);
        output.info("fetched " + uri + " (" + describe(object) + ")");
        Fragment fragment = FragmentValidator.parse(uri.toString(), object.body());
        for (Problem warning : fragment.warnings()) {
          output.warn(warning.render(fragment.source()));
        }
        fragments.add(fragment);
        fetched.add(object);
      }
      clusterSetting.ifPresent(fragments::add);
      Fragment combined = FragmentCombiner.combine(fragments);
      if (!combined.registries().isEmpty()) {
        output.info("registries: " + String.join(", ", combined.registries()));
      }
      EcsConfigUpdater.Outcome outcome =
          EcsConfigUpdater.update(ecsConfig, combined.settings(), dryRun);
      report(output, outcome, combined, fetched);
      return 0;
    }
  }

  private String resolveRegion(InstanceMetadata instance, Output output) {
    if (common.region != null) {
      return common.region;
    }
    String fromEnvironment = root.environment().get("AWS_REGION");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment.strip();
    }
    String fromInstance = instance.identity().region();
    output.debug("region " + fromInstance + " from instance metadata");
    return fromInstance;
  }

  /** --cluster as a one-line fragment, so it passes the same rules and merge as fetched ones. */
  private Optional<Fragment> clusterSetting() {
    if (cluster == null) {
      return Optional.empty();
    }
    if (!CLUSTER.matcher(cluster).matches()) {
      throw BootstrapException.usage(
          "--cluster takes a cluster name (letters, digits, '-', '_') or a cluster ARN");
    }
    return Optional.of(
        FragmentValidator.parse(
            "--cluster", ("ECS_CLUSTER=" + cluster + "\n").getBytes(StandardCharsets.UTF_8)));
  }

  private void checkBucketOwnerFlag() {
    if (expectedBucketOwner != null
        && !"any".equals(expectedBucketOwner)
        && !AccountId.isValid(expectedBucketOwner)) {
      throw BootstrapException.usage(
          "--expected-bucket-owner must be a 12-digit account id or 'any'");
    }
  }

  private Optional<String> bucketOwner(InstanceMetadata instance, Output output) {
    if ("any".equals(expectedBucketOwner)) {
      return Optional.empty();
    }
    if (expectedBucketOwner != null) {
      return Optional.of(expectedBucketOwner);
    }
    String account = instance.identity().accountId();
    output.debug("expected bucket owner " + account + " (this instance's account)");
    return Optional.of(account);
  }

  private Optional<String> kmsKey() {
    if (kmsKeyId == null) {
      return Optional.empty();
    }
    if (KmsKeyIds.isAlias(kmsKeyId)) {
      throw BootstrapException.usage(
          "--kms-key-id takes a key id or key ARN: S3 reports the key, not its alias");
    }
    return Optional.of(kmsKeyId);
  }

  private static String describe(FetchedObject object) {
    return object.versionId().map(version -> "version " + version + ", ").orElse("")
        + object.encryption()
        + object.kmsKeyId().map(key -> " " + key).orElse("")
        + ", "
        + object.size()
        + " bytes";
  }

  private void report(
      Output output,
      EcsConfigUpdater.Outcome outcome,
      Fragment fragment,
      List<FetchedObject> fetched) {
    String changes =
        String.join(
            ", ",
            outcome.merge().changes().stream()
                .map(change -> change.key() + " " + change.kind().label())
                .toList());
    String status = outcome.status().label() + (outcome.modeFixed() ? " (mode set to 0600)" : "");
    output.info(ecsConfig + ": " + status + (changes.isEmpty() ? "" : " (" + changes + ")"));
    if (dryRun && !common.json) {
      RedactedDiff.render(ecsConfig.toString(), outcome.merge()).forEach(output::result);
    }
    if (common.json) {
      output.result(JsonReport.applied(ecsConfig, outcome, fragment, fetched));
    }
  }
}
