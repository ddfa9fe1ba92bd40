package dev.ecsbootstrap.ecsconfig;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads lines of an existing ecs.config, which are kept as their exact bytes. We only need to know
 * which key a line assigns. Lines are decoded as UTF-8 for that alone (an invalid byte becomes
 * U+FFFD, which no reader takes for white space, as in Go), so the white space ecs-init trims is
 * recognised even where it is not ASCII.
 */
public final class ConfigLine {

  private ConfigLine() {}

  /**
   * The key this line assigns for any of the file's readers: ecs-init's (text before '='), or
   * systemd's, which also skips whitespace around the key. Comments and lines without '=' assign
   * nothing.
   */
  public static Optional<String> assignedKey(byte[] line) {
    String text = stripLeadingSpace(new String(line, StandardCharsets.UTF_8));
    if (text.startsWith("#") || text.startsWith(";")) {
      return Optional.empty();
    }
    if (text.startsWith("export ") || text.startsWith("export\t")) {
      text = stripLeadingSpace(text.substring("export".length()));
    }
    int equals = text.indexOf('=');
    if (equals <= 0) {
      return Optional.empty();
    }
    return Optional.of(text.substring(0, equals).strip());
  }

  /**
   * Strips what either reader skips before a key: ecs-init trims each line with Go's {@code
   * strings.TrimSpace} (ecs-init/docker/docker.go, getEnvVars), i.e. {@code unicode.IsSpace}, which
   * includes U+0085, U+00A0 and the Unicode space separators; systemd skips ASCII white space. A
   * line that either takes for a managed key must be replaced, or ecs-init's last assignment wins.
   */
  private static String stripLeadingSpace(String text) {
    int start = 0;
    while (start < text.length() && isSpaceForAnyReader(text.charAt(start))) {
      start++;
    }
    return text.substring(start);
  }

  private static boolean isSpaceForAnyReader(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
  }
}
