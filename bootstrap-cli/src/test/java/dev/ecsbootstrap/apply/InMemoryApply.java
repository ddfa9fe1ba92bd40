package dev.ecsbootstrap.apply;

import dev.ecsbootstrap.RecordingLog;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.AwsEnvironment;
import dev.ecsbootstrap.aws.BucketOwner;
import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.source.InMemoryS3;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the real {@link Apply} use case, fetch → validate → combine → merge → atomic write, on one
 * fragment held in memory, so a unit test can reach the point where ecs.config would be written
 * without a network, an S3 server or IMDS (the region and bucket owner are given).
 */
public final class InMemoryApply {
  private static final S3Uri SOURCE = S3Uri.parse("s3://in-memory-bucket/fragment.env");

  /** Applies {@code fragment} to {@code ecsConfig} as {@code ecs-bootstrap apply} would. */
  public ApplyResult apply(byte[] fragment, Path ecsConfig) {
    return apply(fragment, ecsConfig, AuthTarget.ECS_CONFIG, false);
  }

  /** {@link #apply(byte[], Path)} writing the auth to {@code target}, or only diffing it. */
  public ApplyResult apply(byte[] fragment, Path ecsConfig, AuthTarget target, boolean dryRun) {
    ApplyRequest request =
        new ApplyRequest(
            List.of(SOURCE),
            ecsConfig,
            Optional.of("us-east-1"),
            Optional.of(BucketOwner.ANY),
            Optional.empty(),
            false,
            Optional.empty(),
            Duration.ofSeconds(5),
            Duration.ZERO,
            dryRun,
            false,
            Rotation.NONE,
            target);
    // One set of clients per run, as one process has: their timeouts are cut from its deadline.
    try (AwsClients aws = new AwsClients(Optional.empty(), AwsEnvironment.of(Map.of()), "")) {
      return new Apply(
              aws,
              new RecordingLog(),
              region -> new InMemoryS3().putKms(SOURCE, fragment),
              aws::imds)
          .run(request);
    }
  }
}
