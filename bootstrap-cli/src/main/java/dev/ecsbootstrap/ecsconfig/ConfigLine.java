package dev.ecsbootstrap.ecsconfig;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads lines of an existing ecs.config, which are kept as their exact bytes. We only need to know
 * which key a line assigns, and our keys are ASCII, so decoding as ISO-8859-1 is safe even when the
 * file is not valid UTF-8.
 */
public final class ConfigLine {

  private ConfigLine() {}

  /**
   * The key this line assigns for any of the file's readers: ecs-init's (text before '='), or
   * systemd's, which also skips whitespace around the key. Comments and lines without '=' assign
   * nothing.
   */
  public static Optional<String> assignedKey(byte[] line) {
    String text = new String(line, StandardCharsets.ISO_8859_1).stripLeading();
    if (text.startsWith("#") || text.startsWith(";")) {
      return Optional.empty();
    }
    if (text.startsWith("export ") || text.startsWith("export\t")) {
      text = text.substring("export".length()).stripLeading();
    }
    int equals = text.indexOf('=');
    if (equals <= 0) {
      return Optional.empty();
    }
    return Optional.of(text.substring(0, equals).strip());
  }
}
