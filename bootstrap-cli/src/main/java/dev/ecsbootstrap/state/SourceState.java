package dev.ecsbootstrap.state;

import java.util.Optional;

/**
 * What apply remembers of one source object: the ETag to send as If-None-Match next time, and the
 * version it read.
 *
 * <p>Only the ETag of an SSE-KMS object is kept. S3's GetObject documentation (the ETag field of
 * Object) says objects created by PutObject or CopyObject and encrypted with SSE-C or SSE-KMS have
 * ETags that are not an MD5 digest of their data, while plaintext and SSE-S3 objects have exactly
 * that MD5 as their ETag. A fragment holds a registry password, so the ETag of a non-KMS object
 * (accepted only with --allow-unencrypted) would be a hash of the secret: it is not recorded, and
 * such a source is fetched on every run.
 */
public record SourceState(Optional<String> eTag, Optional<String> versionId) {

  /** {@code encryption} as S3 reports it: {@code aws:kms}, {@code aws:kms:dsse}, {@code AES256}. */
  public static SourceState of(
      Optional<String> eTag, Optional<String> versionId, String encryption) {
    boolean kms = encryption.equals("aws:kms") || encryption.equals("aws:kms:dsse");
    return new SourceState(kms ? eTag : Optional.empty(), versionId);
  }
}
