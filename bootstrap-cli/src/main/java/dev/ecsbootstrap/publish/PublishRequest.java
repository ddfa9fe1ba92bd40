package dev.ecsbootstrap.publish;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.aws.BucketOwner;
import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.fragment.EngineAuthType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One run of {@code publish}; every usage error is found here, before anything is read or sent.
 *
 * @param format the auth type to write; empty means dockercfg for a config.json, docker for a login
 * @param kmsKeyId key id, ARN or alias; empty means the bucket's default KMS key, or aws/s3
 */
public record PublishRequest(
    S3Uri to,
    PublishInput input,
    Optional<EngineAuthType> format,
    Optional<String> kmsKeyId,
    Optional<String> expectedBucketOwner,
    Optional<String> ifMatch,
    boolean noOverwrite,
    Optional<String> region,
    Duration timeout,
    boolean dryRun) {

  public PublishRequest {
    if (to.versionId().isPresent()) {
      throw BootstrapException.usage("--to names an object, not a version: drop ?versionId=");
    }
    if (ifMatch.isPresent() && noOverwrite) {
      throw BootstrapException.usage("--if-match and --no-overwrite exclude each other");
    }
    expectedBucketOwner.ifPresent(
        owner -> BucketOwner.requireValid("--expected-bucket-owner", owner, false));
  }

  /** The request the flags describe (null for a flag not given). */
  public static PublishRequest fromFlags(
      String to,
      Path dockerConfig,
      String username,
      boolean passwordStdin,
      Path fragmentFile,
      List<String> registries,
      String format,
      Optional<String> kmsKeyId,
      Optional<String> expectedBucketOwner,
      Optional<String> ifMatch,
      boolean noOverwrite,
      Optional<String> region,
      Duration timeout,
      boolean dryRun) {
    S3Uri uri = S3Uri.parse(to);
    Optional<EngineAuthType> type =
        Optional.ofNullable(format)
            .map(
                name ->
                    EngineAuthType.fromWireName(name)
                        .orElseThrow(
                            () ->
                                BootstrapException.usage("--format must be dockercfg or docker")));
    PublishInput input =
        PublishInput.select(
            dockerConfig, username, passwordStdin, fragmentFile, registries, type.isPresent());
    return new PublishRequest(
        uri,
        input,
        type,
        kmsKeyId,
        expectedBucketOwner,
        ifMatch,
        noOverwrite,
        region,
        timeout,
        dryRun);
  }

  Destination destination() {
    return new Destination(to, kmsKeyId, expectedBucketOwner, ifMatch, noOverwrite);
  }
}
