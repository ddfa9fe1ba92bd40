package dev.ecsbootstrap.ecsconfig;

import dev.ecsbootstrap.fragment.CodePoints;
import dev.ecsbootstrap.fragment.GoWhiteSpace;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads lines of an existing ecs.config, which are kept as their exact bytes. We only need to know
 * which key a line assigns. Lines are decoded as UTF-8 for that alone (an invalid byte becomes
 * U+FFFD, which no reader takes for white space, as in Go), so the white space ecs-init trims is
 * recognised even where it is not ASCII: Go's set ({@link GoWhiteSpace}), not Java's.
 */
public final class ConfigLine {

  /** systemd's WHITESPACE (src/basic/string-util.h). */
  private static final String SYSTEMD_WHITESPACE = " \t\n\r";

  private ConfigLine() {}

  /**
   * The key this line assigns for any of the file's readers: ecs-init's (text before '=', after
   * Go's white space), or systemd's, which also skips ASCII white space around the key. Comments
   * and lines without '=' assign nothing.
   */
  public static Optional<String> assignedKey(byte[] line) {
    String text = GoWhiteSpace.trimLeading(new String(line, StandardCharsets.UTF_8));
    if (text.startsWith("#") || text.startsWith(";")) {
      return Optional.empty();
    }
    if (text.startsWith("export ") || text.startsWith("export\t")) {
      text = GoWhiteSpace.trimLeading(text.substring("export".length()));
    }
    int equals = text.indexOf('=');
    if (equals <= 0) {
      return Optional.empty();
    }
    // Before a key, ecs-init trims each line with Go's strings.TrimSpace (getEnvVars in
    // ecs-init/docker/docker.go, amazon-ecs-agent v1.74.1), and systemd skips " \t\n\r", a subset.
    // After a key ecs-init strips nothing and systemd strips only " \t\n\r" (WHITESPACE in
    // src/basic/env-file.c): Java's strip() would find a managed key in "\x1fKEY=v" or in KEY, an
    // em space, "=v", which no reader does, and the merge would replace a line that assigns
    // something else.
    return Optional.of(
        CodePoints.stripTrailing(
            text.substring(0, equals), c -> SYSTEMD_WHITESPACE.indexOf(c) >= 0));
  }

  /**
   * The value ecs-init hands the agent for a line that {@link #assignedKey assigns} a key: what
   * follows the first '=' of the line trimmed with Go's white space (getEnvVars in
   * ecs-init/docker/docker.go, amazon-ecs-agent v1.74.1); empty for a line that assigns nothing.
   */
  public static Optional<String> assignedValue(byte[] line) {
    if (assignedKey(line).isEmpty()) {
      return Optional.empty();
    }
    String text =
        GoWhiteSpace.trimTrailing(
            GoWhiteSpace.trimLeading(new String(line, StandardCharsets.UTF_8)));
    return Optional.of(text.substring(text.indexOf('=') + 1));
  }
}
