package dev.ecsbootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "120s,120000",
    "2m,120000",
    "1m30s,90000",
    "500ms,500",
    "1h,3600000",
    "PT2M,120000",
    "0s,0"
  })
  void converts(String text, long millis) {
    assertThat(converter.convert(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "120", "s", "2 m", "-5s", "1d", "PTx", "5s "})
  void rejects(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(CommandLine.TypeConversionException.class);
  }
}
