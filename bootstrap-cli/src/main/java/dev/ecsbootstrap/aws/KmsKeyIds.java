package dev.ecsbootstrap.aws;

import java.util.regex.Pattern;

/**
 * KMS key references. S3 reports the key an object is encrypted under, never the alias used to name
 * it, so only a key id or key ARN can be compared with what S3 says.
 */
public final class KmsKeyIds {
  /** A key id: a UUID, or a multi-region key's {@code mrk-} and 32 hex digits. */
  private static final String KEY_ID =
      "(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})";

  private static final Pattern KEY_ID_OR_ARN =
      Pattern.compile("(?:arn:aws[a-z-]{0,16}:kms:[a-z0-9-]{1,32}:[0-9]{12}:key/)?" + KEY_ID);

  private KmsKeyIds() {}

  /**
   * A key id or key ARN as KMS writes them. Anything else is refused before it reaches a message: a
   * secret pasted into {@code --kms-key-id} would otherwise be quoted in the encryption refusal.
   */
  public static boolean isKeyIdOrArn(String keyReference) {
    return KEY_ID_OR_ARN.matcher(keyReference).matches();
  }

  /** {@code alias/name} or an alias ARN: fine for writing, useless for checking a stored object. */
  public static boolean isAlias(String keyReference) {
    return keyReference.startsWith("alias/") || keyReference.contains(":alias/");
  }
}
