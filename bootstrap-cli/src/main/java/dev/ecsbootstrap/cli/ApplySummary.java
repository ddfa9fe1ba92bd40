package dev.ecsbootstrap.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecsbootstrap.config.Fragment;
import dev.ecsbootstrap.ecsconfig.EcsConfigUpdater;
import dev.ecsbootstrap.ecsconfig.KeyChange;
import dev.ecsbootstrap.source.FetchedObject;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code --json} summary of an apply: where from, what changed, which registries; never a
 * value.
 */
final class ApplySummary {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private ApplySummary() {}

  static String json(
      Path target,
      EcsConfigUpdater.Outcome outcome,
      Fragment fragment,
      List<FetchedObject> fetched) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("status", outcome.status().label());
      json.writeStringField("ecsConfig", target.toString());
      json.writeBooleanField("modeFixed", outcome.modeFixed());
      json.writeArrayFieldStart("sources");
      for (FetchedObject object : fetched) {
        json.writeStartObject();
        json.writeStringField("uri", object.uri().toString());
        json.writeStringField("versionId", object.versionId().orElse(null));
        json.writeStringField("encryption", object.encryption());
        json.writeStringField("kmsKeyId", object.kmsKeyId().orElse(null));
        json.writeNumberField("bytes", object.size());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeObjectFieldStart("keys");
      for (KeyChange.Kind kind : KeyChange.Kind.values()) {
        writeStrings(json, kind.label(), outcome.merge().keys(kind));
      }
      json.writeEndObject();
      writeStrings(json, "registries", fragment.registries());
      writeStrings(
          json,
          "warnings",
          fragment.warnings().stream().map(problem -> problem.render(fragment.source())).toList());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static void writeStrings(JsonGenerator json, String field, List<String> values)
      throws IOException {
    json.writeArrayFieldStart(field);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }
}
