package dev.ecsbootstrap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The one JSON writer of every {@code --json} report and of the auth data we write: one object, one
 * line, and no control character in it. JSON itself requires escapes only below U+0020; DEL and the
 * C1 controls (U+007F..U+009F) are escaped too, because the validator refuses any control character
 * in an ecs.config line (docs/validation.md), so ours must never write one.
 */
public final class JsonText {
  private static final JsonFactory JSON =
      new JsonFactoryBuilder().characterEscapes(new ControlCharacterEscapes()).build();

  /** {@link #JSON}'s settings, for writers that need databind (ObjectNode trees). */
  public static JsonFactory factory() {
    return JSON;
  }

  /** JSON's standard escapes, and a six-character escape for U+007F..U+009F. */
  private static final class ControlCharacterEscapes extends CharacterEscapes {
    private static final int DEL = 0x7F;
    private static final int LAST_C1 = 0x9F;
    private final int[] ascii = standardAsciiEscapesForJSON();

    ControlCharacterEscapes() {
      ascii[DEL] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch <= LAST_C1 ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
  }

  /** The fields of one JSON object, written by a report. */
  @FunctionalInterface
  public interface Fields {
    void write(JsonGenerator json) throws IOException;
  }

  private JsonText() {}

  public static String object(Fields fields) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      fields.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  public static void strings(JsonGenerator json, String field, List<String> values)
      throws IOException {
    json.writeArrayFieldStart(field);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  /** Problems as objects with their source, line, severity and message (never a value). */
  public static void problems(JsonGenerator json, String source, List<Problem> problems)
      throws IOException {
    for (Problem problem : problems) {
      json.writeStartObject();
      json.writeStringField("source", source);
      json.writeNumberField("line", problem.line());
      json.writeStringField("severity", problem.severity().label());
      json.writeStringField("message", problem.message());
      json.writeEndObject();
    }
  }
}
