package dev.ecsbootstrap.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.ecsconfig.EcsConfigUpdater;
import dev.ecsbootstrap.ecsconfig.KeyChange;
import dev.ecsbootstrap.fragment.Fragment;
import dev.ecsbootstrap.source.FetchedObject;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one JSON object {@code --json} prints on stdout, for success and failure alike: where from,
 * what changed, which registries, which problems; never a value.
 */
final class JsonReport {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private JsonReport() {}

  static String failed(int exitCode, String message, String source, List<Problem> problems) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("status", "error");
      json.writeNumberField("exitCode", exitCode);
      json.writeStringField("error", message);
      json.writeArrayFieldStart("problems");
      for (Problem problem : problems) {
        writeProblem(json, source, problem);
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  static String published(
      dev.ecsbootstrap.aws.S3Uri uri,
      java.util.Optional<String> versionId,
      String format,
      List<String> registries,
      String applyCommand) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("status", applyCommand.isEmpty() ? "dry-run" : "uploaded");
      json.writeStringField("uri", uri.toString());
      json.writeStringField("versionId", versionId.orElse(null));
      json.writeStringField("format", format);
      writeStrings(json, "registries", registries);
      json.writeStringField("applyCommand", applyCommand.isEmpty() ? null : applyCommand);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  static void writeProblem(JsonGenerator json, String source, Problem problem) throws IOException {
    json.writeStartObject();
    json.writeStringField("source", source);
    json.writeNumberField("line", problem.line());
    json.writeStringField("severity", problem.severity().label());
    json.writeStringField("message", problem.message());
    json.writeEndObject();
  }

  static String applied(
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
