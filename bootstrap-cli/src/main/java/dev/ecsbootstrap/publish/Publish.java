package dev.ecsbootstrap.publish;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.InputFiles;
import dev.ecsbootstrap.Log;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.Deadline;
import dev.ecsbootstrap.aws.Retrier;
import dev.ecsbootstrap.aws.Watchdog;
import dev.ecsbootstrap.fragment.EcsKeys;
import dev.ecsbootstrap.fragment.EngineAuthType;
import dev.ecsbootstrap.fragment.Fragment;
import dev.ecsbootstrap.fragment.FragmentValidator;
import dev.ecsbootstrap.imds.InstanceMetadata;
import dev.ecsbootstrap.redact.RedactedDiff;
import dev.ecsbootstrap.redact.RedactedFragment;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code publish} use case: read the input → convert to the agent's format → validate with
 * apply's rules → upload SSE-KMS (unless a dry run) → report, with the line for user data.
 */
public final class Publish {
  /** Off an instance, how long the last step of the region chain may wait for IMDS. */
  private static final Duration INSTANCE_REGION_BUDGET = Duration.ofSeconds(2);

  private final AwsClients aws;
  private final InputStream stdin;
  private final Log log;
  private final Function<String, S3Client> s3ByRegion;
  private final Supplier<Ec2MetadataClient> imds;

  public Publish(AwsClients aws, InputStream stdin, Log log) {
    this(aws, stdin, log, aws::s3, aws::imds);
  }

  /**
   * Takes the S3 client for the resolved region from {@code s3ByRegion} and the IMDS client from
   * {@code imds}: how tests run the whole use case, validation before the upload and the region
   * chain included, against an S3 and an IMDS held in memory.
   */
  Publish(
      AwsClients aws,
      InputStream stdin,
      Log log,
      Function<String, S3Client> s3ByRegion,
      Supplier<Ec2MetadataClient> imds) {
    this.aws = aws;
    this.stdin = stdin;
    this.log = log;
    this.s3ByRegion = s3ByRegion;
    this.imds = imds;
  }

  public PublishResult run(PublishRequest request) {
    PreparedFragment prepared = prepare(request);
    if (request.dryRun()) {
      log.info("dry run: nothing uploaded to " + request.to());
      return new PublishResult(request, prepared, Optional.empty());
    }
    Deadline deadline = Deadline.after(request.timeout());
    aws.within(deadline);
    Uploaded uploaded =
        Watchdog.run(
            "publish",
            "whether the fragment reached S3 is unknown (rerun publish, or look with aws s3api"
                + " head-object)",
            deadline,
            commit -> upload(request, prepared, deadline));
    PublishResult result = new PublishResult(request, prepared, Optional.of(uploaded));
    log.info(result.summary());
    log.info("put this line in the instances' user data:");
    return result;
  }

  /**
   * On the {@link Watchdog}'s worker, so a region lookup, credentials or a PUT that hangs is cut
   * off at the deadline. A PUT cannot be half done, so publish has no point of no return: a run
   * stopped during it says the upload's outcome is unknown.
   */
  private Uploaded upload(PublishRequest request, PreparedFragment prepared, Deadline deadline) {
    Retrier retrier = new Retrier(deadline, Duration.ZERO, log::warn);
    String region = aws.regions().resolve(request.region(), this::instanceRegion);
    return new S3FragmentPublisher(s3ByRegion.apply(region), retrier)
        .upload(request.destination(), prepared.bytes());
  }

  private PreparedFragment prepare(PublishRequest request) {
    if (request.input() instanceof PublishInput.FragmentFile file) {
      byte[] bytes = InputFiles.read(file.file());
      Fragment fragment = validated(file.file().toString(), bytes);
      String type =
          fragment
              .setting(EcsKeys.AUTH_TYPE)
              .map(setting -> setting.value().reveal())
              .orElse("none");
      String text = new String(bytes, StandardCharsets.UTF_8);
      String redacted = String.join("\n", text.lines().map(RedactedDiff::redact).toList());
      return new PreparedFragment(Secret.of(text), redacted, type, fragment.registries());
    }
    List<RegistryCredential> credentials;
    EngineAuthType type;
    if (request.input() instanceof PublishInput.DockerConfig config) {
      credentials =
          DockerConfigReader.read(
              config.file().toString(),
              InputFiles.read(config.file()),
              config.registries(),
              log::warn);
      type = request.format().orElse(EngineAuthType.DOCKERCFG);
    } else {
      PublishInput.Login login = (PublishInput.Login) request.input();
      credentials =
          List.of(
              new RegistryCredential(
                  login.registry(), login.username(), PasswordStdin.read(stdin)));
      type = request.format().orElse(EngineAuthType.DOCKER);
    }
    byte[] bytes = FragmentRenderer.render(type, credentials);
    // Exactly the rules apply will use: what passes here, apply accepts.
    Fragment fragment = validated("generated fragment", bytes);
    return new PreparedFragment(
        Secret.of(new String(bytes, StandardCharsets.UTF_8)),
        RedactedFragment.render(type, fragment.registries()),
        type.wireName(),
        fragment.registries());
  }

  private Fragment validated(String source, byte[] bytes) {
    Fragment fragment = FragmentValidator.parse(source, bytes);
    for (Problem warning : fragment.warnings()) {
      log.warn(warning.render(source));
    }
    return fragment;
  }

  /** The region chain's last step: a short look at IMDS, for publishing from an instance. */
  private Optional<String> instanceRegion() {
    Retrier quick = new Retrier(Deadline.after(INSTANCE_REGION_BUDGET), Duration.ZERO, log::debug);
    try {
      return Optional.of(
          new InstanceMetadata(imds.get(), quick).identity("pass --region REGION").region());
    } catch (BootstrapException notOnAnInstance) {
      return Optional.empty();
    }
  }
}
