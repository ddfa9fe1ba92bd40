package dev.ecsbootstrap.testing.s3;

/** KMS keys the S3 servers are told about (S3Mock rejects unknown keys, like S3 does). */
public final class TestKms {
  public static final String ACCOUNT_ID = "111122223333";
  public static final String KEY_ID = "0b6c2b6e-4e8a-4b8e-9d7e-3f1a2c9d8e71";
  public static final String KEY_ARN = "arn:aws:kms:us-east-1:" + ACCOUNT_ID + ":key/" + KEY_ID;
  public static final String OTHER_KEY_ID = "5d1f0c3a-7b2e-4c6d-8a9f-1e2d3c4b5a69";
  public static final String OTHER_KEY_ARN =
      "arn:aws:kms:us-east-1:" + ACCOUNT_ID + ":key/" + OTHER_KEY_ID;

  private TestKms() {}

  static String keyId(String keyArn) {
    return keyArn.substring(keyArn.lastIndexOf('/') + 1);
  }
}
