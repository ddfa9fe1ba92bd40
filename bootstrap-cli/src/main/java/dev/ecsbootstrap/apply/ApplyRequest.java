package dev.ecsbootstrap.apply;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.aws.BucketOwner;
import dev.ecsbootstrap.aws.KmsKeyIds;
import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.fragment.ClusterName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One run of {@code apply}. Every usage error is found here, before the first network call: off an
 * instance IMDS never answers.
 *
 * @param expectedBucketOwner an account id, {@value BucketOwner#ANY}, or empty for the instance's
 *     own account
 * @param kmsKeyId the key id or key ARN objects must be encrypted under; empty accepts any KMS key
 * @param cluster also set ECS_CLUSTER through the same merge
 * @param allowSharedFolder write even when users other than its owner may write ecs.config's folder
 * @param rotation the state file and agent restart of a periodic run
 * @param authTarget where the engine auth goes: ecs.config, or the agent's JSON config file
 */
public record ApplyRequest(
    List<S3Uri> sources,
    Path ecsConfig,
    Optional<String> region,
    Optional<String> expectedBucketOwner,
    Optional<String> kmsKeyId,
    boolean allowUnencrypted,
    Optional<String> cluster,
    Duration timeout,
    Duration accessDeniedGrace,
    boolean dryRun,
    boolean allowSharedFolder,
    Rotation rotation,
    AuthTarget authTarget) {

  /** A one-shot run writing the auth to ecs.config: no state file, no restart. */
  public ApplyRequest(
      List<S3Uri> sources,
      Path ecsConfig,
      Optional<String> region,
      Optional<String> expectedBucketOwner,
      Optional<String> kmsKeyId,
      boolean allowUnencrypted,
      Optional<String> cluster,
      Duration timeout,
      Duration accessDeniedGrace,
      boolean dryRun,
      boolean allowSharedFolder) {
    this(
        sources,
        ecsConfig,
        region,
        expectedBucketOwner,
        kmsKeyId,
        allowUnencrypted,
        cluster,
        timeout,
        accessDeniedGrace,
        dryRun,
        allowSharedFolder,
        Rotation.NONE,
        AuthTarget.ECS_CONFIG);
  }

  public ApplyRequest {
    authTarget.requireDistinctFrom(ecsConfig);
    sources = List.copyOf(sources);
    expectedBucketOwner.ifPresent(
        owner -> BucketOwner.requireValid("--expected-bucket-owner", owner, true));
    kmsKeyId.ifPresent(
        key -> {
          if (KmsKeyIds.isAlias(key)) {
            throw BootstrapException.usage(
                "--kms-key-id takes a key id or key ARN: S3 reports the key, not its alias");
          }
          if (!KmsKeyIds.isKeyIdOrArn(key)) {
            throw BootstrapException.usage(
                "--kms-key-id takes a key id or key ARN as KMS writes them (the id a UUID, or"
                    + " mrk- and 32 hex digits; the value is not shown)");
          }
        });
    cluster.ifPresent(name -> ClusterName.requireValid("--cluster", name));
  }
}
