package dev.ecsbootstrap.aws;

import dev.ecsbootstrap.BootstrapException;
import java.util.regex.Pattern;

/**
 * The account that must own a bucket, sent as ExpectedBucketOwner: a 12-digit account id, or, where
 * a command allows it, {@value #ANY} to turn the check off.
 */
public final class BucketOwner {
  public static final String ANY = "any";
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

  private BucketOwner() {}

  /** {@code value} unchanged, or a usage error naming {@code flag}. */
  public static String requireValid(String flag, String value, boolean anyAllowed) {
    if (ACCOUNT_ID.matcher(value).matches() || (anyAllowed && ANY.equals(value))) {
      return value;
    }
    throw BootstrapException.usage(
        flag + " must be a 12-digit account id" + (anyAllowed ? " or '" + ANY + "'" : ""));
  }
}
