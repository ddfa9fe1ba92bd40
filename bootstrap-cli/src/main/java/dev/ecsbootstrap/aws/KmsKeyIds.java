package dev.ecsbootstrap.aws;

/**
 * KMS key references. S3 reports the key an object is encrypted under, never the alias used to name
 * it, so only a key id or key ARN can be compared with what S3 says.
 */
public final class KmsKeyIds {
  private KmsKeyIds() {}

  /** {@code alias/name} or an alias ARN: fine for writing, useless for checking a stored object. */
  public static boolean isAlias(String keyReference) {
    return keyReference.startsWith("alias/") || keyReference.contains(":alias/");
  }
}
