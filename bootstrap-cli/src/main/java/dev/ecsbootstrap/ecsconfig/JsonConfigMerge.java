package dev.ecsbootstrap.ecsconfig;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsbootstrap.JsonText;
import dev.ecsbootstrap.Secret;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the engine auth into the agent's JSON config file ({@code /etc/ecs/ecs.config.json}): the
 * agent's Config fields {@code EngineAuthType} (a string) and {@code EngineAuthData} (a
 * *SensitiveRawMessage, whose UnmarshalJSON keeps the raw JSON, which dockerauth then decodes as an
 * object; agent/config/types.go and sensitive.go, amazon-ecs-agent HEAD 8dfceca6c). Every other
 * member keeps its text and place. Each field is written once, in place of the first key that
 * decodes into it: encoding/json matches keys case-insensitively and the last one wins, even a
 * {@code null} (which resets EngineAuthData to nil), so every other spelling is dropped.
 *
 * <p>The file is written two-space indented with a final newline; values we do not own keep their
 * own layout.
 */
public final class JsonConfigMerge {
  public static final String AUTH_TYPE_FIELD = "EngineAuthType";
  public static final String AUTH_DATA_FIELD = "EngineAuthData";

  private static final ObjectMapper MAPPER = new ObjectMapper(JsonText.factory());
  private static final String INDENT = "  ";

  private JsonConfigMerge() {}

  /**
   * {@code existing} with {@code authType} and {@code authData} (the fragment's
   * ECS_ENGINE_AUTH_DATA, a JSON object the validator accepted) written as fields; exit 3 when
   * {@code existing} is not a JSON object the agent decodes.
   */
  public static MergeResult merge(
      String source, byte[] existing, Secret authType, Secret authData) {
    Map<String, String> ours = new LinkedHashMap<>();
    ours.put(AUTH_TYPE_FIELD, quoted(authType.reveal()));
    ours.put(AUTH_DATA_FIELD, indented(authData.reveal()));
    List<String> lines = new ArrayList<>();
    Map<String, List<JsonConfigDocument.Member>> seen = new LinkedHashMap<>();
    for (JsonConfigDocument.Member member : JsonConfigDocument.parse(source, existing).members()) {
      String field = ownedField(member.name, ours);
      if (field == null) {
        lines.add(member.rawName + ": " + member.rawValue);
        continue;
      }
      List<JsonConfigDocument.Member> variants =
          seen.computeIfAbsent(field, f -> new ArrayList<>());
      variants.add(member);
      if (variants.size() == 1) {
        lines.add(quoted(field) + ": " + ours.get(field));
      }
    }
    List<KeyChange> changes = new ArrayList<>();
    for (Map.Entry<String, String> field : ours.entrySet()) {
      List<JsonConfigDocument.Member> variants = seen.get(field.getKey());
      if (variants == null) {
        lines.add(quoted(field.getKey()) + ": " + field.getValue());
        changes.add(new KeyChange(field.getKey(), KeyChange.Kind.ADDED));
      } else if (variants.size() == 1
          && variants.get(0).name.equals(field.getKey())
          && variants.get(0).rawValue.equals(field.getValue())) {
        changes.add(new KeyChange(field.getKey(), KeyChange.Kind.UNCHANGED));
      } else {
        changes.add(new KeyChange(field.getKey(), KeyChange.Kind.REPLACED));
      }
    }
    String content = "{\n" + INDENT + String.join(",\n" + INDENT, lines) + "\n}\n";
    return new MergeResult(existing, content.getBytes(StandardCharsets.UTF_8), changes);
  }

  private static String ownedField(String name, Map<String, String> ours) {
    return ours.keySet().stream()
        .filter(field -> GoJsonNames.decodesInto(name, field))
        .findFirst()
        .orElse(null);
  }

  private static String quoted(String text) {
    try {
      return MAPPER.writeValueAsString(text);
    } catch (IOException e) {
      throw new UncheckedIOException(new IOException("a string did not serialize"));
    }
  }

  /** The auth data as a two-space indented object, each line after the first one level in. */
  private static String indented(String json) {
    try {
      JsonNode tree = MAPPER.readTree(json);
      StringWriter text = new StringWriter();
      DefaultPrettyPrinter printer =
          new DefaultPrettyPrinter(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
              .withObjectIndenter(new DefaultIndenter(INDENT, "\n"));
      try (JsonGenerator generator = MAPPER.getFactory().createGenerator(text)) {
        generator.setPrettyPrinter(printer);
        MAPPER.writeTree(generator, tree);
      }
      return text.toString().replace("\n", "\n" + INDENT);
    } catch (IOException e) {
      // The validator parsed this value already; a failure here is a bug, and its message may
      // quote the value, so it is not passed on.
      throw new UncheckedIOException(new IOException("auth data did not re-parse as JSON"));
    }
  }
}
