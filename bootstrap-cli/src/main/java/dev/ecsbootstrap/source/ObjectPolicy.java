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
    boolean allowUnencrypted, Optional<String> kmsKeyId, Optional<String> expectedBucketOwner, int maxBytes) {

  /** A fragment is a few lines; a large object is not one and is never read into memory. */
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;

  /** S3 reports the key ARN; a bare key id matches the ARN's last path segment. */
  boolean acceptsKey(String reportedKeyArn) {
    if (kmsKeyId.isEmpty()) {
      return true;
    }
    String wanted = kmsKeyId.get();
    return reportedKeyArn != null
        && (reportedKeyArn.equals(wanted) || reportedKeyArn.endsWith(":key/" + wanted));
  }
}
