package dev.ecsbootstrap.source;

import java.util.Optional;

/**
 * An object that passed its {@link ObjectPolicy}. The body is credentials: it is never printed, and
 * {@link #toString()} shows only where it came from.
 */
public record FetchedObject(
    S3Uri uri, Optional<String> versionId, String encryption, Optional<String> kmsKeyId, byte[] body) {

  @Override
  public boolean equals(Object other) {
    return other instanceof FetchedObject that
        && uri.equals(that.uri)
        && versionId.equals(that.versionId)
        && encryption.equals(that.encryption)
        && kmsKeyId.equals(that.kmsKeyId)
        && java.util.Arrays.equals(body, that.body);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(uri, versionId, encryption, kmsKeyId) * 31 + java.util.Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "FetchedObject[" + uri + ", " + body.length + " bytes, " + encryption + "]";
  }
}
