package dev.ecsbootstrap;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Usage-error texts built from what the command declares (an option's name and type), never from
 * the arguments: a secret typed into the wrong option or glued to a flag ({@code
 * --password-stdin=hunter2}) must not be printed. The cli adapter takes these facts from picocli.
 */
public final class UsageMessages {
  /** What a duration looks like; never the value given. */
  public static final String DURATION = "expected a duration (examples: 120s, 2m, 1m30s, 500ms)";

  private UsageMessages() {}

  /** An option given a value it cannot take: its name and what it takes. */
  public static String invalidValue(String option, Class<?> type, boolean flag) {
    String expected;
    if (flag || type == boolean.class || type == Boolean.class) {
      expected = "it is a flag and takes no value";
    } else if (type == Duration.class) {
      expected = DURATION;
    } else if (type.isEnum()) {
      expected = "expected one of " + Arrays.toString(type.getEnumConstants());
    } else {
      expected = "expected a " + type.getSimpleName();
    }
    return "invalid value for option " + option + ": " + expected + " (the value is not shown)";
  }

  /**
   * Unknown options are counted, not quoted (a secret can start with '-'); {@code suggestions} are
   * declared option names, so they are shown.
   */
  public static String unknown(long options, long others, List<String> suggestions) {
    StringBuilder message = new StringBuilder();
    if (options > 0) {
      message.append(options).append(" unknown option(s), not shown");
      if (!suggestions.isEmpty()) {
        message.append(" (did you mean ").append(String.join(" or ", suggestions)).append("?)");
      }
    }
    if (others > 0) {
      message.append(options > 0 ? "; " : "").append(others);
      message.append(" unexpected argument(s), not shown");
    }
    return message.toString();
  }
}
