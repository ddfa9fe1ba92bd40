package dev.ecsbootstrap.testing.s3;

/**
 * How a seeded object is stored: no header (the server default), SSE-S3, or SSE-KMS under a key
 * ARN.
 */
public record ObjectEncryption(String algorithm, String kmsKeyArn) {
  public static final ObjectEncryption SERVER_DEFAULT = new ObjectEncryption(null, null);
  public static final ObjectEncryption SSE_S3 = new ObjectEncryption("AES256", null);

  public static ObjectEncryption kms(String keyArn) {
    return new ObjectEncryption("aws:kms", keyArn);
  }
}
