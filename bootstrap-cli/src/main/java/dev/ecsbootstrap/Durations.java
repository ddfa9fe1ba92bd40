package dev.ecsbootstrap;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 120s}, {@code 2m}, {@code 1m30s}, {@code 500ms}, or ISO
 * {@code PT2M}.
 */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private Durations() {}

  public static Optional<Duration> parse(String value) {
    if (value.toUpperCase(Locale.ROOT).startsWith("PT")) {
      try {
        return Optional.of(Duration.parse(value));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    if (!WHOLE.matcher(value).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(value);
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      total =
          total.plus(
              switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
              });
    }
    return Optional.of(total);
  }
}
