package dev.ecsbootstrap.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What encoding/json lets through into the agent's config (agent/config/parse.go, config.go at
 * amazon-ecs-agent HEAD 8dfceca6c), value by value; the corpus has one file per rule, this the
 * tables. Every value here is well-formed JSON, as FragmentValidator checks before.
 */
class AgentStartChecksTest {
  private static boolean accepted(String key, String value) {
    return AgentStartChecks.checkJsonShape(key, value, 1).isEmpty();
  }

  @Nested
  class StringMaps {
    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "{}",
          "null",
          "{\"team\":\"a\"}",
          "{\"team\":null}",
          "{\"team\":\"\",\"team\":\"b\"}",
          "{\"a\":\"\\ud800\"}",
          " { \"a\" : \"b\" } "
        })
    void acceptsAnObjectOfStringsOrNullsOrNull(String value) {
      assertThat(accepted(AgentStartChecks.INSTANCE_ATTRIBUTES, value)).isTrue();
      assertThat(accepted(AgentStartChecks.INSTANCE_TAGS, value)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "{\"a\":1}",
          "{\"a\":true}",
          "{\"a\":false}",
          "{\"a\":{}}",
          "{\"a\":[]}",
          "{\"a\":\"b\",\"c\":[\"d\"]}",
          "[]",
          "[{\"a\":\"b\"}]",
          "\"a\"",
          "1",
          "true"
        })
    void rejectsAnyOtherShape(String value) {
      assertThat(accepted(AgentStartChecks.INSTANCE_ATTRIBUTES, value)).isFalse();
      assertThat(accepted(AgentStartChecks.INSTANCE_TAGS, value)).isFalse();
    }
  }

  @Nested
  class LocalRoutes {
    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "[]",
          "null",
          "[\"10.0.0.0/8\"]",
          "[\"10.0.0.0/8\",\"fd00::/8\",\"::ffff:10.0.0.1/128\"]",
          "[\"10.0.0.0\\/8\"]"
        })
    void acceptsNullOrAnArrayOfCidrStrings(String value) {
      assertThat(accepted(AgentStartChecks.LOCAL_ROUTES, value)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "[null]",
          "[\"10.0.0.0/8\",null]",
          "[\"\"]",
          "[\"10.0.0.1\"]",
          "[\"10.0.0.0/33\"]",
          "[\"fe80::1%eth0/64\"]",
          "[10]",
          "[[\"10.0.0.0/8\"]]",
          "[{\"ip\":\"10.0.0.0/8\"}]",
          "{}",
          "1"
        })
    void rejectsAnythingElse(String value) {
      assertThat(accepted(AgentStartChecks.LOCAL_ROUTES, value)).isFalse();
    }
  }

  @Nested
  class LoggingDrivers {
    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "[]",
          "null",
          "[\"json-file\",\"syslog\",\"journald\",\"gelf\",\"fluentd\",\"awslogs\"]",
          "[\"splunk\",\"logentries\",\"sumologic\",\"none\",\"awsfirelens\"]",
          "[\"json\\u002dfile\"]"
        })
    void acceptsNullOrAnArrayOfKnownDrivers(String value) {
      assertThat(accepted(AgentStartChecks.LOGGING_DRIVERS, value)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "[\"JSON-FILE\"]",
          "[\"json-file \"]",
          "[\"local\"]",
          "[\"\"]",
          "[null]",
          "[\"awslogs\",1]",
          "[[\"awslogs\"]]",
          "[{\"awslogs\":1}]",
          "{\"awslogs\":1}",
          "true"
        })
    void rejectsUnknownDriversAndOtherShapes(String value) {
      assertThat(accepted(AgentStartChecks.LOGGING_DRIVERS, value)).isFalse();
    }
  }

  @Test
  void leavesOtherJsonKeysAlone() {
    assertThat(accepted("ECS_RESERVED_PORTS", "{\"a\":1}")).isTrue();
  }

  @Test
  void namesTheElementByItsPositionNotItsValue() {
    assertThat(
            AgentStartChecks.checkJsonShape(
                    AgentStartChecks.LOGGING_DRIVERS, "[\"awslogs\",\"corpus-S3cret\"]", 3)
                .map(Problem::message))
        .hasValueSatisfying(
            message -> assertThat(message).contains("element #2").doesNotContain("corpus-S3cret"));
  }

  @Nested
  class External {
    private static List<Problem> errors(String fragment) {
      return FragmentValidator.check(fragment.getBytes(StandardCharsets.UTF_8)).stream()
          .filter(Problem::isError)
          .toList();
    }

    /** strconv.ParseBool's true spellings. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1", "t", "T", "TRUE", "true", "True"})
    void needsARegionWhenTrue(String value) {
      assertThat(errors("ECS_EXTERNAL=" + value + "\n"))
          .singleElement()
          .satisfies(problem -> assertThat(problem.line()).isEqualTo(1))
          .satisfies(
              problem ->
                  assertThat(problem.message())
                      .startsWith(
                          "ECS_EXTERNAL is true but the fragment sets no AWS_DEFAULT_REGION"));
      assertThat(errors("ECS_EXTERNAL=" + value + "\nAWS_DEFAULT_REGION=us-east-1\n")).isEmpty();
    }

    /** Not true for ParseBool: false, or a bad boolean, which the agent takes as not set. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "f", "false", "FALSE", "yes", "on", "tRUE", "2"})
    void needsNoRegionOtherwise(String value) {
      assertThat(errors("ECS_EXTERNAL=" + value + "\n")).isEmpty();
    }

    @Test
    void saysNothingMoreWhenTheRegionLineWasRejected() {
      assertThat(errors("ECS_EXTERNAL=true\nAWS_DEFAULT_REGION=\"us-east-1\"\n"))
          .singleElement()
          .satisfies(problem -> assertThat(problem.line()).isEqualTo(2));
    }
  }
}
