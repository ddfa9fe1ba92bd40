package dev.ecsbootstrap.aws;

import java.util.regex.Pattern;

/** AWS account ids: exactly twelve digits. */
public final class AccountId {
  private static final Pattern FORMAT = Pattern.compile("\\d{12}");

  private AccountId() {}

  public static boolean isValid(String value) {
    return value != null && FORMAT.matcher(value).matches();
  }
}
