package dev.ecsbootstrap.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.RecordingLog;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.AwsEnvironment;
import dev.ecsbootstrap.aws.BucketOwner;
import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.imds.InMemoryImds;
import dev.ecsbootstrap.source.InMemoryS3;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataResponse;

/**
 * The apply use case end to end on an in-memory S3 and IMDS: where the region and the expected
 * bucket owner come from, what is merged, and the progress lines an operator reads in cloud-init's
 * log (sources, warnings, registries, summary; never a value).
 */
class ApplyTest {
  private static final S3Uri SOURCE = S3Uri.parse("s3://cfg-bucket/ecs/auth.env");
  private static final String ACCOUNT = "111122223333";

  @TempDir Path dir;
  private final List<String> regions = new ArrayList<>();
  private final InMemoryS3 s3 = new InMemoryS3();
  private final InMemoryImds imds = InMemoryImds.instance(ACCOUNT, "eu-west-1");
  private AwsClients aws;

  @AfterEach
  void closeClients() {
    if (aws != null) {
      aws.close();
    }
  }

  private final RecordingLog recording = new RecordingLog();
  private final List<String> log = recording.lines();

  private Path ecsConfig() {
    return dir.resolve("ecs.config");
  }

  /** A request for {@link #SOURCE}; creates {@link #aws} for it too. */
  private ApplyRequest request(
      Optional<String> region,
      Optional<String> bucketOwner,
      Optional<String> cluster,
      Duration timeout) {
    // HOME without a profile: the region chain can only end at the flag or the instance.
    aws = new AwsClients(Optional.empty(), AwsEnvironment.of(Map.of("HOME", dir.toString())), "");
    return new ApplyRequest(
        List.of(SOURCE),
        ecsConfig(),
        region,
        bucketOwner,
        Optional.empty(),
        false,
        cluster,
        timeout,
        Duration.ZERO,
        false,
        false);
  }

  private ApplyResult run(
      Optional<String> region, Optional<String> bucketOwner, Optional<String> cluster) {
    ApplyRequest request = request(region, bucketOwner, cluster, Duration.ofSeconds(5));
    return new Apply(
            aws,
            recording,
            resolved -> {
              regions.add(resolved);
              return s3;
            },
            () -> imds)
        .run(request);
  }

  @Test
  void withoutFlagsTheRegionAndBucketOwnerAreTheInstancesOwn() {
    s3.putKms(SOURCE, Samples.dockercfgFragment());

    run(Optional.empty(), Optional.empty(), Optional.empty());

    assertThat(regions).containsExactly("eu-west-1");
    assertThat(s3.requests().get(0).expectedBucketOwner()).isEqualTo(ACCOUNT);
    assertThat(log)
        .contains(
            "DEBUG region eu-west-1 from instance metadata",
            "DEBUG expected bucket owner 111122223333 (this instance's account)");
    // One identity document answers both.
    assertThat(imds.paths()).hasSize(1);
  }

  @Test
  void anExpectedOwnerIsSentAsGivenAndTheInstanceIsNotAsked() {
    s3.putKms(SOURCE, Samples.dockercfgFragment());

    run(Optional.of("us-east-2"), Optional.of("444455556666"), Optional.empty());

    assertThat(regions).containsExactly("us-east-2");
    assertThat(s3.requests().get(0).expectedBucketOwner()).isEqualTo("444455556666");
    assertThat(imds.paths()).isEmpty();
  }

  @Test
  void anyTurnsTheBucketOwnerCheckOff() {
    s3.putKms(SOURCE, Samples.dockercfgFragment());

    run(Optional.of("us-east-2"), Optional.of(BucketOwner.ANY), Optional.empty());

    assertThat(s3.requests().get(0).expectedBucketOwner()).isNull();
    assertThat(imds.paths()).isEmpty();
  }

  @Test
  void logsEachSourceItsWarningsTheRegistriesAndTheSummaryButNoValue() {
    byte[] fragment =
        (new String(Samples.dockercfgFragment(), StandardCharsets.UTF_8) + "ECS_CLUSTR=prod\n")
            .getBytes(StandardCharsets.UTF_8);
    s3.putKms(SOURCE, fragment);

    ApplyResult result = run(Optional.of("eu-west-1"), Optional.of(ACCOUNT), Optional.empty());

    assertThat(log)
        .containsExactly(
            "INFO fetched s3://cfg-bucket/ecs/auth.env (aws:kms "
                + InMemoryS3.KMS_KEY
                + ", "
                + fragment.length
                + " bytes)",
            // The unknown key is not named: a mistyped line may hold a value in its key.
            "WARN s3://cfg-bucket/ecs/auth.env:3: warning: an unknown ECS_ key of 10 characters:"
                + " the ECS agent does not read it; did you mean ECS_CLUSTER?",
            "INFO registries: registry.example.com",
            "INFO "
                + ecsConfig()
                + ": changed (ECS_ENGINE_AUTH_TYPE added, ECS_ENGINE_AUTH_DATA added, ECS_CLUSTR"
                + " added)");
    assertThat(result.fetched()).hasSize(1);
    for (String secret : Canary.forms()) {
      assertThat(String.join("\n", log)).doesNotContain(secret);
    }
  }

  @Test
  void theClusterFlagIsMergedLikeAFragmentAndNoRegistryLineWithoutRegistries() throws Exception {
    s3.putKms(SOURCE, Samples.utf8("ECS_ENABLE_TASK_IAM_ROLE=true\n"));

    ApplyResult result = run(Optional.of("eu-west-1"), Optional.of(ACCOUNT), Optional.of("prod"));

    assertThat(Files.readString(ecsConfig()))
        .isEqualTo("ECS_ENABLE_TASK_IAM_ROLE=true\nECS_CLUSTER=prod\n");
    assertThat(result.summary())
        .isEqualTo(ecsConfig() + ": changed (ECS_ENABLE_TASK_IAM_ROLE added, ECS_CLUSTER added)");
    assertThat(log).noneMatch(line -> line.startsWith("INFO registries"));
  }

  /** Where no IMDS listens: every attempt fails before an answer, as off an EC2 instance. */
  private static final class NoImds implements Ec2MetadataClient {
    @Override
    public Ec2MetadataResponse get(String path) {
      throw SdkClientException.create("Unable to connect", new ConnectException("refused"));
    }

    @Override
    public void close() {}
  }

  private void runOffAnInstance(Optional<String> region, Optional<String> bucketOwner) {
    ApplyRequest request = request(region, bucketOwner, Optional.empty(), Duration.ofMillis(300));
    new Apply(aws, recording, resolved -> s3, NoImds::new).run(request);
  }

  @Test
  void offAnInstanceWithoutFlagsBothFlagsThatAvoidImdsAreNamed() {
    assertThatThrownBy(() -> runOffAnInstance(Optional.empty(), Optional.empty()))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.DEADLINE))
        .hasMessageStartingWith("instance metadata (IMDS) is unreachable: no answer to ")
        .hasMessageEndingWith(
            "pass --region REGION and --expected-bucket-owner ACCOUNT|any, and apply does not"
                + " need IMDS");
  }

  @Test
  void offAnInstanceWithARegionOnlyTheBucketOwnerFlagIsNamed() {
    assertThatThrownBy(() -> runOffAnInstance(Optional.of("eu-west-1"), Optional.empty()))
        .hasMessageStartingWith("instance metadata (IMDS) is unreachable: no answer to ")
        .hasMessageEndingWith(
            "pass --expected-bucket-owner ACCOUNT|any, and apply does not need IMDS");
  }

  @Test
  void offAnInstanceWithABucketOwnerOnlyTheRegionFlagIsNamed() {
    assertThatThrownBy(() -> runOffAnInstance(Optional.empty(), Optional.of(ACCOUNT)))
        .hasMessageEndingWith("pass --region REGION, and apply does not need IMDS");
  }
}
