package dev.ecsbootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one JSON writer: one object on one line, fields in the order written. */
class JsonTextTest {

  @Test
  void writesAStringArrayFieldInOrder() {
    String json =
        JsonText.object(
            fields -> {
              JsonText.strings(fields, "added", List.of("ECS_CLUSTER", "ECS_ENGINE_AUTH_TYPE"));
              JsonText.strings(fields, "unchanged", List.of());
            });

    assertThat(json)
        .isEqualTo("{\"added\":[\"ECS_CLUSTER\",\"ECS_ENGINE_AUTH_TYPE\"],\"unchanged\":[]}");
  }

  @Test
  void escapesWhatJsonMustEscape() {
    String json = JsonText.object(fields -> fields.writeStringField("path", "C:\\a \"b\"\n"));

    assertThat(json).isEqualTo("{\"path\":\"C:\\\\a \\\"b\\\"\\n\"}");
  }
}
