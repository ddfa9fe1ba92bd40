package dev.ecsbootstrap.ecsconfig;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Name;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Utf8;
import dev.ecsbootstrap.fragment.GoWhiteSpace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The top-level members of the agent's JSON config file, each kept as its exact source text, so a
 * rewrite changes nothing the agent decodes from the keys it does not own: not a number's digits,
 * not a nested duplicate key (which encoding/json merges or overwrites depending on the field's
 * type). The file is read as agent/config/config.go fileConfig reads it (amazon-ecs-agent HEAD
 * 8dfceca6c): empty after Go's strings.TrimSpace means no config; otherwise json.Unmarshal into the
 * Config struct, where any error stops the agent's start. A top-level {@code null} decodes into a
 * struct as nothing at all, so it counts as empty too.
 *
 * <p>Holds credentials (an existing EngineAuthData): no toString shows a value.
 */
final class JsonConfigDocument {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** One {@code "name": value} pair: the decoded name, and the name and value as written. */
  static final class Member {
    final String name;
    final String rawName;
    final String rawValue;

    Member(String name, String rawName, String rawValue) {
      this.name = name;
      this.rawName = rawName;
      this.rawValue = rawValue;
    }

    @Override
    public String toString() {
      return "Member[value redacted]";
    }
  }

  private final List<Member> members;

  private JsonConfigDocument(List<Member> members) {
    this.members = List.copyOf(members);
  }

  List<Member> members() {
    return members;
  }

  /**
   * The members of {@code content}, or exit 3 naming {@code source} and the line and column where
   * it stops being a JSON object the agent decodes: never a piece of its text.
   */
  static JsonConfigDocument parse(String source, byte[] content) {
    String text =
        Utf8.decode(content)
            .orElseThrow(
                () ->
                    refuse(
                        source,
                        Problem.error(
                            0,
                            "is not valid UTF-8; refusing to rewrite it, since its bytes could not"
                                + " be kept as they are")));
    if (GoWhiteSpace.trimLeading(text).isEmpty()) {
      return new JsonConfigDocument(List.of());
    }
    if (text.startsWith("\uFEFF")) {
      throw refuse(
          source,
          Problem.error(
              1,
              "starts with a UTF-8 byte-order mark, which Go's encoding/json refuses: the agent"
                  + " would not start. Save it as UTF-8 without BOM"));
    }
    try (JsonParser parser = JSON.createParser(text)) {
      return new JsonConfigDocument(members(source, text, parser));
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      throw refuse(
          source,
          Problem.error(
              where == null ? 0 : where.getLineNr(),
              "malformed JSON at column {}; the agent cannot decode the file and would not start",
              Name.number(where == null ? 0 : where.getColumnNr())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Member> members(String source, String text, JsonParser parser)
      throws IOException {
    List<Member> members = new ArrayList<>();
    JsonToken first = parser.nextToken();
    if (first == JsonToken.VALUE_NULL) {
      requireEnd(source, parser);
      return members;
    }
    if (first != JsonToken.START_OBJECT) {
      JsonLocation where = parser.currentTokenLocation();
      throw refuse(
          source,
          Problem.error(
              where.getLineNr(),
              "is not a JSON object (column {}); the agent's encoding/json cannot decode it into"
                  + " its Config and the agent would not start",
              Name.number(where.getColumnNr())));
    }
    JsonToken token = parser.nextToken();
    while (token == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      int nameStart = (int) parser.currentTokenLocation().getCharOffset();
      parser.nextToken();
      int valueStart = (int) parser.currentTokenLocation().getCharOffset();
      parser.skipChildren();
      token = parser.nextToken();
      int next = (int) parser.currentTokenLocation().getCharOffset();
      members.add(
          new Member(name, rawName(text, nameStart), valueText(text, valueStart, next, token)));
    }
    requireEnd(source, parser);
    return members;
  }

  /** After the top-level value only white space may follow, as json.Unmarshal requires. */
  private static void requireEnd(String source, JsonParser parser) throws IOException {
    if (parser.nextToken() != null) {
      JsonLocation where = parser.currentTokenLocation();
      throw refuse(
          source,
          Problem.error(
              where.getLineNr(),
              "has more JSON after its top-level value (column {}); the agent's encoding/json"
                  + " refuses that and the agent would not start",
              Name.number(where.getColumnNr())));
    }
  }

  /** The quoted name starting at {@code start}, escapes kept as written. */
  private static String rawName(String text, int start) {
    int i = start + 1;
    while (text.charAt(i) != '"') {
      i += text.charAt(i) == '\\' ? 2 : 1;
    }
    return text.substring(start, i + 1);
  }

  /**
   * The value's text: from its first character up to the next name or the closing brace, less the
   * white space and the one comma between them (JSON allows nothing else there).
   */
  private static String valueText(String text, int start, int nextToken, JsonToken next) {
    String between = stripJsonSpace(text.substring(start, nextToken));
    if (next == JsonToken.FIELD_NAME && between.endsWith(",")) {
      between = stripJsonSpace(between.substring(0, between.length() - 1));
    }
    return between;
  }

  private static String stripJsonSpace(String text) {
    int end = text.length();
    while (end > 0 && " \t\r\n".indexOf(text.charAt(end - 1)) >= 0) {
      end--;
    }
    return text.substring(0, end);
  }

  private static BootstrapException refuse(String source, Problem problem) {
    return BootstrapException.invalidContent(source, List.of(problem));
  }

  @Override
  public String toString() {
    return "JsonConfigDocument[" + members.size() + " members, values redacted]";
  }
}
