package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.Durations;
import dev.ecsbootstrap.UsageMessages;
import java.time.Duration;
import picocli.CommandLine;

/** {@link Durations} for picocli options. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    // Never echo the value: a secret typed into the wrong option would land in the log.
    return Durations.parse(value)
        .orElseThrow(() -> new CommandLine.TypeConversionException(UsageMessages.DURATION));
  }
}
