package dev.ecsbootstrap.fragment;

import java.util.Optional;
import java.util.Set;

/**
 * Go's {@code strconv.ParseBool}, which the agent uses for every boolean setting ({@code
 * parseBooleanDefaultFalseConfig} and its siblings in {@code agent/config/parse.go},
 * amazon-ecs-agent HEAD 8dfceca6c, trim the value with {@code strings.TrimSpace} first; callers do
 * that with {@link GoWhiteSpace}).
 */
public final class GoBool {
  private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
  private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

  private GoBool() {}

  /** The value ParseBool returns, or empty where it returns an error. */
  public static Optional<Boolean> parse(String text) {
    if (TRUE.contains(text)) {
      return Optional.of(true);
    }
    return FALSE.contains(text) ? Optional.of(false) : Optional.empty();
  }
}
