package dev.ecsbootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

/** What JsonText writes must pass the validator's line rules, which refuse control characters. */
class JsonTextTest {

  @Test
  void escapesEveryControlCharacterAndNothingElse() {
    String text =
        JsonText.object(json -> json.writeStringField("p", "a\u0001\u007f\u0085\u009f\u00a0é"));

    assertThat(text).isEqualTo("{\"p\":\"a\\u0001\\u007F\\u0085\\u009F\u00a0é\"}");
    assertThat(text.codePoints()).noneMatch(c -> Character.getType(c) == Character.CONTROL);
  }

  @Test
  void aDatabindMapperOnItsFactoryEscapesTheSame() throws Exception {
    JsonMapper mapper = JsonMapper.builder(JsonText.factory()).build();

    assertThat(mapper.writeValueAsString(mapper.createObjectNode().put("p", "\u007f\u0085")))
        .isEqualTo("{\"p\":\"\\u007F\\u0085\"}");
  }
}
