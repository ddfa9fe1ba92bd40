package dev.ecsbootstrap.source;

import dev.ecsbootstrap.aws.S3Uri;
import java.util.Optional;

/**
 * An object that passed its {@link ObjectPolicy}. The body is credentials: it is never printed, and
 * {@link #toString()} shows only where it came from.
 */
public final class FetchedObject {
  private final S3Uri uri;
  private final Optional<String> versionId;
  private final String encryption;
  private final Optional<String> kmsKeyId;
  private final byte[] body;
  private final Optional<String> eTag;

  FetchedObject(
      S3Uri uri,
      Optional<String> versionId,
      String encryption,
      Optional<String> kmsKeyId,
      byte[] body) {
    this(uri, versionId, encryption, kmsKeyId, body, Optional.empty());
  }

  FetchedObject(
      S3Uri uri,
      Optional<String> versionId,
      String encryption,
      Optional<String> kmsKeyId,
      byte[] body,
      Optional<String> eTag) {
    this.eTag = eTag;
    this.uri = uri;
    this.versionId = versionId;
    this.encryption = encryption;
    this.kmsKeyId = kmsKeyId;
    this.body = body.clone();
  }

  public S3Uri uri() {
    return uri;
  }

  /** The version read, when the bucket is versioned. */
  public Optional<String> versionId() {
    return versionId;
  }

  /** {@code aws:kms}, {@code aws:kms:dsse}, {@code AES256}, or a note that there was none. */
  public String encryption() {
    return encryption;
  }

  /**
   * The ETag S3 answered with, to send as If-None-Match next time. For a plaintext or SSE-S3 object
   * it is the MD5 of the body, so of the credentials: see dev.ecsbootstrap.state.SourceState.
   */
  public Optional<String> eTag() {
    return eTag;
  }

  public Optional<String> kmsKeyId() {
    return kmsKeyId;
  }

  public byte[] body() {
    return body.clone();
  }

  public int size() {
    return body.length;
  }

  /** For progress lines: version, encryption, key and size; never the body. */
  public String describe() {
    return versionId.map(version -> "version " + version + ", ").orElse("")
        + encryption
        + kmsKeyId.map(key -> " " + key).orElse("")
        + ", "
        + body.length
        + " bytes";
  }

  @Override
  public String toString() {
    return "FetchedObject[" + uri + ", " + body.length + " bytes, " + encryption + "]";
  }
}
