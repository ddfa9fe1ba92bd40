package dev.ecsbootstrap.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The secret every fixture uses, chosen to be unmistakable in any output. A test that finds one of
 * its {@link #forms()} in stdout, stderr, a log or an exception message has found a leak.
 */
public final class Canary {
  public static final String USERNAME = "canary-user";

  /** Has a colon, a quote and a backslash: the characters most likely to be mangled or echoed. */
  public static final String SECRET = "c4nary-Pa55:w\"0rd\\x-7f3c";

  private Canary() {}

  /** base64(user:password), the {@code auth} field of a dockercfg entry. */
  public static String auth() {
    return auth(USERNAME, SECRET);
  }

  public static String auth(String username, String password) {
    return Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The secret as JSON writes it inside a string. */
  public static String jsonEscaped() {
    return SECRET.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /**
   * Every spelling of the secret that could leak: raw, JSON-escaped, base64'd, and a distinctive
   * part.
   */
  public static List<String> forms() {
    return List.of(SECRET, jsonEscaped(), auth(), "c4nary-Pa55");
  }
}
