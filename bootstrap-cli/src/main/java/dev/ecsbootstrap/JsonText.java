package dev.ecsbootstrap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** The one JSON writer of every {@code --json} report: one object, one line. */
public final class JsonText {
  private static final JsonFactory JSON = JsonFactory.builder().build();

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
