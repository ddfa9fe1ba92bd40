package dev.ecsbootstrap.ecsconfig;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The engine auth the agent decodes from its JSON config file, modelled apart from the writer on
 * json.Unmarshal into agent/config/types.go's Config (amazon-ecs-agent HEAD 8dfceca6c): members in
 * document order; a key decodes into a field when it equals the field's name ignoring ASCII case
 * (the writer's rule also covers the Kelvin sign and long s, which these names lack); the last such
 * member wins; {@code null} leaves the string EngineAuthType as it was and resets the pointer
 * EngineAuthData to nil; EngineAuthData keeps the raw JSON (SensitiveRawMessage.UnmarshalJSON); a
 * non-string EngineAuthType is an error.
 *
 * <p>Holds credentials: no toString.
 */
public final class AgentFileConfig {
  private static final ObjectMapper JSON = new ObjectMapper();

  private String authType = "";
  private JsonNode authData;

  private AgentFileConfig() {}

  public static AgentFileConfig decode(byte[] file) throws IOException {
    AgentFileConfig config = new AgentFileConfig();
    String text = new String(file, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return config;
    }
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new AssertionError("the agent refuses a file that is not an object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        JsonToken value = parser.nextToken();
        if (matches(key, "EngineAuthType")) {
          if (value == JsonToken.VALUE_STRING) {
            config.authType = parser.getText();
          } else if (value != JsonToken.VALUE_NULL) {
            throw new AssertionError("json: cannot unmarshal into EngineAuthType of type string");
          }
        } else if (matches(key, "EngineAuthData")) {
          config.authData = value == JsonToken.VALUE_NULL ? null : JSON.readTree(parser);
        }
        parser.skipChildren();
      }
    }
    return config;
  }

  private static boolean matches(String key, String field) {
    return key.chars().allMatch(c -> c < 0x80) && key.equalsIgnoreCase(field);
  }

  /** EngineAuthType after the agent's trim:"true". */
  public String authType() {
    return authType.strip();
  }

  public Optional<JsonNode> authData() {
    return Optional.ofNullable(authData);
  }

  @Override
  public String toString() {
    return "AgentFileConfig[redacted]";
  }
}
