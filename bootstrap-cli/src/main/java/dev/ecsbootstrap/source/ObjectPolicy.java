package dev.ecsbootstrap.source;

import java.util.Optional;

/**
 * What a fetched object must be before its body is read. Every S3 object is encrypted (SSE-S3 by
 * default), so "encrypted" means SSE-KMS, optionally under one given key.
 *
 * @param expectedBucketOwner sent as ExpectedBucketOwner; empty turns the check off
 * @param kmsKeyId key id or key ARN the object must be encrypted under; empty accepts any KMS key
 */
public record ObjectPolicy(
    boolean allowUnencrypted,
    Optional<String> kmsKeyId,
    Optional<String> expectedBucketOwner,
    int maxBytes) {

  /** A fragment is a few lines; a large object is not one and is never read into memory. */
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;

  /**
   * S3 reports the key ARN; a key id matches the ARN's {@code key/ID} suffix. Some S3-compatible
   * stores report the bare id, so the match works in both directions.
   */
  boolean acceptsKey(String reportedKey) {
    if (kmsKeyId.isEmpty()) {
      return true;
    }
    String wanted = kmsKeyId.get();
    return reportedKey != null
        && (reportedKey.equals(wanted)
            || reportedKey.endsWith(":key/" + wanted)
            || wanted.endsWith(":key/" + reportedKey));
  }
}
