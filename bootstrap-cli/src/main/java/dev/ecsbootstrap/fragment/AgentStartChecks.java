package dev.ecsbootstrap.fragment;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecsbootstrap.Name;
import dev.ecsbootstrap.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;

/**
 * Settings that make the agent's {@code config.NewConfig} fail, so that the agent exits at start,
 * ecs-init restarts it again and again, and the instance drops out of the cluster: the shapes
 * {@code encoding/json} refuses in {@code agent/config/parse.go} (parseInstanceAttributes,
 * parseContainerInstanceTags, parseAdditionalLocalRoutes), the logging drivers {@code
 * validateAndOverrideBounds} refuses and {@code ECS_EXTERNAL} without a region in {@code
 * agent/config/config.go} (amazon-ecs-agent HEAD 8dfceca6c). Messages name keys and element
 * positions, never a value.
 */
final class AgentStartChecks {
  static final String INSTANCE_ATTRIBUTES = "ECS_INSTANCE_ATTRIBUTES";
  static final String INSTANCE_TAGS = "ECS_CONTAINER_INSTANCE_TAGS";
  static final String LOCAL_ROUTES = "ECS_AWSVPC_ADDITIONAL_LOCAL_ROUTES";
  static final String LOGGING_DRIVERS = "ECS_AVAILABLE_LOGGING_DRIVERS";
  static final String EXTERNAL = "ECS_EXTERNAL";
  static final String REGION = "AWS_DEFAULT_REGION";

  /**
   * The keys of dockerclient.LoggingDriverMinimumVersion, and awsfirelens, which
   * validateAndOverrideBounds lets through (agent/dockerclient/logging_drivers.go).
   */
  static final Set<String> LOGGING_DRIVER_NAMES =
      Set.of(
          "json-file",
          "syslog",
          "journald",
          "gelf",
          "fluentd",
          "awslogs",
          "splunk",
          "logentries",
          "sumologic",
          "none",
          "awsfirelens");

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private AgentStartChecks() {}

  /**
   * The problem with the shape of {@code value}, one well-formed JSON value of {@code key}, if the
   * agent refuses it at start (or, for the logging drivers, ignores it).
   */
  static Optional<Problem> checkJsonShape(String key, String value, int line) {
    try (JsonParser parser = JSON.createParser(value)) {
      JsonToken top = parser.nextToken();
      return switch (key) {
        case INSTANCE_ATTRIBUTES, INSTANCE_TAGS -> stringMap(parser, top, key, line);
        case LOCAL_ROUTES -> cidrArray(parser, top, line);
        case LOGGING_DRIVERS -> driverArray(parser, top, line);
        default -> Optional.empty();
      };
    } catch (IOException e) {
      // The caller parsed this value already; it is well-formed.
      throw new UncheckedIOException(e);
    }
  }

  /**
   * json.Unmarshal into map[string]string: null, or an object whose values are strings or null
   * (which Go leaves ""). Anything else fails the unmarshal, and NewConfig with it.
   */
  private static Optional<Problem> stringMap(JsonParser parser, JsonToken top, String key, int line)
      throws IOException {
    if (top == JsonToken.VALUE_NULL) {
      return Optional.empty();
    }
    if (top != JsonToken.START_OBJECT) {
      return Optional.of(
          Problem.error(
              line,
              "{}: must be a JSON object of string values; the agent cannot decode anything"
                  + " else, exits at start, and the instance drops out of the cluster",
              EcsKeys.name(key, line, 0)));
    }
    int rejected =
        firstRejected(
            parser,
            JsonToken.FIELD_NAME,
            (entry, text) -> entry == JsonToken.VALUE_STRING || entry == JsonToken.VALUE_NULL);
    return rejected == 0
        ? Optional.empty()
        : Optional.of(
            Problem.error(
                line,
                "{}: entry #{} is not a string; the agent accepts only string values here, exits"
                    + " at start, and the instance drops out of the cluster",
                EcsKeys.name(key, line, 0),
                Name.number(rejected)));
  }

  /**
   * json.Unmarshal into []cniTypes.IPNet: null, or an array whose every element is a string that
   * net.ParseCIDR accepts (IPNet.UnmarshalJSON; a null element reaches ParseCIDR as "").
   */
  private static Optional<Problem> cidrArray(JsonParser parser, JsonToken top, int line)
      throws IOException {
    if (top == JsonToken.VALUE_NULL) {
      return Optional.empty();
    }
    if (top != JsonToken.START_ARRAY) {
      return Optional.of(
          Problem.error(
              line,
              LOCAL_ROUTES
                  + ": must be a JSON array of CIDR strings (like [\"10.0.0.0/8\"]); the agent"
                  + " cannot decode anything else, exits at start, and the instance drops out of"
                  + " the cluster"));
    }
    int rejected =
        firstRejected(
            parser,
            JsonToken.END_ARRAY,
            (element, text) -> element == JsonToken.VALUE_STRING && GoCidr.isValid(text));
    return rejected == 0
        ? Optional.empty()
        : Optional.of(
            Problem.error(
                line,
                LOCAL_ROUTES
                    + ": element #{} is not a CIDR string that Go's net.ParseCIDR accepts (an"
                    + " IPv4 or IPv6 address, '/', a prefix length); the agent exits at start,"
                    + " and the instance drops out of the cluster",
                Name.number(rejected)));
  }

  /**
   * json.Decoder.Decode into []LoggingDriver, then validateAndOverrideBounds: an element that is
   * not a string (null included) decodes as "", which is no driver either, so it is fatal too. A
   * value that is not an array only warns in the agent, which then keeps its default drivers.
   */
  private static Optional<Problem> driverArray(JsonParser parser, JsonToken top, int line)
      throws IOException {
    if (top == JsonToken.VALUE_NULL) {
      // Decodes to a nil slice with no warning: the agent's defaults, as for [].
      return Optional.empty();
    }
    if (top != JsonToken.START_ARRAY) {
      return Optional.of(
          Problem.error(
              line,
              LOGGING_DRIVERS
                  + ": must be a JSON array of logging driver names (like [\"json-file\","
                  + "\"awslogs\"]); the agent ignores any other value and keeps its default"
                  + " drivers"));
    }
    int rejected =
        firstRejected(
            parser,
            JsonToken.END_ARRAY,
            (element, text) ->
                element == JsonToken.VALUE_STRING && LOGGING_DRIVER_NAMES.contains(text));
    return rejected == 0
        ? Optional.empty()
        : Optional.of(
            Problem.error(
                line,
                LOGGING_DRIVERS
                    + ": element #{} is not a logging driver the agent knows (json-file, syslog,"
                    + " journald, gelf, fluentd, awslogs, splunk, logentries, sumologic, none,"
                    + " awsfirelens; case-sensitive); the agent exits at start, and the instance"
                    + " drops out of the cluster",
                Name.number(rejected)));
  }

  /** Decides one array element or object value from its token and, for a string, its text. */
  private interface ElementTest {
    boolean accepts(JsonToken token, String text);
  }

  /**
   * The 1-based position of the first array element or object value (the parser is just inside the
   * container; {@code next} is END_ARRAY for an array, FIELD_NAME for an object) that {@code test}
   * refuses, or 0 when it accepts them all.
   */
  private static int firstRejected(JsonParser parser, JsonToken next, ElementTest test)
      throws IOException {
    int position = 0;
    while (true) {
      JsonToken token = parser.nextToken();
      if (next == JsonToken.FIELD_NAME) {
        if (token != JsonToken.FIELD_NAME) {
          return 0;
        }
        token = parser.nextToken();
      } else if (token == next) {
        return 0;
      }
      position++;
      boolean accepted =
          test.accepts(token, token == JsonToken.VALUE_STRING ? parser.getText() : null);
      parser.skipChildren();
      if (!accepted) {
        return position;
      }
    }
  }

  /**
   * ECS_EXTERNAL true (strconv.ParseBool) needs a non-empty AWS_DEFAULT_REGION, or NewConfig fails
   * at once: "AWS_DEFAULT_REGION has to be set when running on external capacity". Either setting
   * is null when the fragment does not set it.
   */
  static Optional<Problem> checkExternal(
      Setting external, Setting region, Set<String> rejectedKeys) {
    if (external == null
        || !GoBool.parse(external.value().reveal()).orElse(false)
        || rejectedKeys.contains(REGION)) {
      return Optional.empty();
    }
    if (region != null && !region.value().reveal().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Problem.error(
            external.line(),
            EXTERNAL
                + " is true but the fragment sets no "
                + REGION
                + "; the agent exits at start (the region has to be set on external capacity),"
                + " and the instance drops out of the cluster"));
  }
}
