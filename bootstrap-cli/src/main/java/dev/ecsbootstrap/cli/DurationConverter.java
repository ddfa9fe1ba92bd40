package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** {@link Durations} for picocli options. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  /** What a duration looks like, for messages; never the value given. */
  static final String EXPECTED = "expected a duration (examples: 120s, 2m, 1m30s, 500ms)";

  @Override
  public Duration convert(String value) {
    // Never echo the value: a secret typed into the wrong option would land in the log.
    return Durations.parse(value)
        .orElseThrow(() -> new CommandLine.TypeConversionException(EXPECTED));
  }
}
