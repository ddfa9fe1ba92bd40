package dev.ecsbootstrap.testing.s3;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A role's session credentials from {@code sts:AssumeRole}, as an instance profile serves them. The
 * secret key and the token are secrets: {@link #toString()} names the key id only.
 */
public record RoleSession(String accessKeyId, String secretAccessKey, String sessionToken) {

  public StaticCredentialsProvider provider() {
    return StaticCredentialsProvider.create(
        AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
  }

  /** What a test passes to {@code CliResult.assertNoSecretLeak}. */
  public String[] secrets() {
    return new String[] {secretAccessKey, sessionToken};
  }

  @Override
  public String toString() {
    return "RoleSession[" + accessKeyId + "]";
  }
}
