package dev.ecsbootstrap.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The templates under test, parsed (long-form intrinsics only, so plain YAML reads them). */
final class Templates {
  static final Path DIRECTORY = Path.of(System.getProperty("templates.dir", "templates"));
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Templates() {}

  static List<Path> all() {
    try (Stream<Path> files = Files.list(DIRECTORY)) {
      return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parse(String name) {
    try {
      return YAML.readTree(DIRECTORY.resolve(name).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode resource(JsonNode template, String logicalId) {
    return template.get("Resources").get(logicalId).get("Properties");
  }

  static String text(String name) {
    try {
      return Files.readString(DIRECTORY.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
