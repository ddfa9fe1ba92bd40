package dev.ecsbootstrap.ecsconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The value as ecs-init's getEnvVars hands it to the agent: after the first '=', line trimmed. */
class ConfigLineTest {

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "ECS_CHECKPOINT=false|false",
        "'  ECS_CHECKPOINT=false \t'|false",
        "ECS_DATADIR= /data|' /data'",
        "ECS_DATADIR=|''",
        "K=a=b|a=b",
        "K=a\u2003|a",
      })
  void readsTheValueEcsInitHandsTheAgent(String line, String value) {
    assertThat(ConfigLine.assignedValue(line.getBytes(StandardCharsets.UTF_8))).contains(value);
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      value = {"# ECS_CHECKPOINT=false", "no assignment", "=value"})
  void aLineThatAssignsNothingHasNoValue(String line) {
    assertThat(ConfigLine.assignedValue(line.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Optional.empty());
  }
}
