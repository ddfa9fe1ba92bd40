package dev.ecsbootstrap.publish;

import dev.ecsbootstrap.aws.S3Uri;
import java.util.Optional;

/**
 * Where and how a fragment is uploaded.
 *
 * @param kmsKeyId key id, ARN or alias; empty means the bucket's default KMS key, or aws/s3
 * @param ifMatch replace only the version with this ETag
 * @param noOverwrite create only, never replace
 */
record Destination(
    S3Uri uri,
    Optional<String> kmsKeyId,
    Optional<String> expectedBucketOwner,
    Optional<String> ifMatch,
    boolean noOverwrite) {}
