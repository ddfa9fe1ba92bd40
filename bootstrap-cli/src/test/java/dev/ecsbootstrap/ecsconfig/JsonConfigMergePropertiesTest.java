package dev.ecsbootstrap.ecsconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsbootstrap.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated JSON config files, laid out every way JSON allows (white space around every token,
 * escapes, nesting, duplicate keys, case variants of the auth fields): the merge keeps every other
 * member as the same JSON, in order, and a second merge of its output changes nothing.
 */
class JsonConfigMergePropertiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = Long.getLong("property.seed", 20261128L);
  private static final int CASES = Integer.getInteger("property.cases", 300);
  private static final String[] NAMES = {
    "Cluster",
    "cluster",
    "DataDir",
    "A,b",
    "q\\\"uote",
    "\\u0045ngineAuthType",
    "EngineAuthTypeX",
    "engineauthdata",
    "ENGINEAUTHTYPE",
    "EngineAuthData",
    "\u00e9t\u00e9",
    "x y"
  };
  private static final String[] SPACE = {"", " ", "\n", "\t", "\r\n  ", "  "};
  private static final String DATA =
      "{\"reg.example.com\":{\"username\":\"u\",\"password\":\"p,}\\\" \"}}";

  @Test
  void keepsOtherMembersAndIsIdempotent() throws IOException {
    int reached = 0;
    for (int i = 0; i < CASES; i++) {
      Random random = new Random(SEED + i);
      String existing = object(random, 0);
      MergeResult first =
          JsonConfigMerge.merge("case " + i, utf8(existing), Secret.of("docker"), Secret.of(DATA));
      String seed = "case " + i + " (seed " + (SEED + i) + ")";

      assertThat(others(first.content())).as(seed).isEqualTo(others(utf8(existing)));
      AgentFileConfig agent = AgentFileConfig.decode(first.content());
      assertThat(agent.authType()).as(seed).isEqualTo("docker");
      assertThat(agent.authData()).as(seed).contains(JSON.readTree(DATA));
      MergeResult second =
          JsonConfigMerge.merge("case " + i, first.content(), Secret.of("docker"), Secret.of(DATA));
      assertThat(second.changed()).as(seed).isFalse();
      reached++;
    }
    System.out.println("JsonConfigMergePropertiesTest: " + reached + " of " + CASES + " cases");
    assertThat(reached).isEqualTo(CASES);
  }

  /** Top-level members, in order, whose name does not fold into an auth field (ASCII rule). */
  private static List<Map.Entry<String, JsonNode>> others(byte[] content) throws IOException {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(content)) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        JsonNode value = JSON.readTree(parser);
        if (!name.equalsIgnoreCase("EngineAuthType") && !name.equalsIgnoreCase("EngineAuthData")) {
          members.add(Map.entry(name, value));
        }
      }
    }
    return members;
  }

  private static String object(Random random, int depth) {
    StringBuilder text = new StringBuilder(space(random) + "{");
    int members = random.nextInt(depth == 0 ? 7 : 4);
    for (int m = 0; m < members; m++) {
      if (m > 0) {
        text.append(space(random)).append(',');
      }
      text.append(space(random))
          .append('"')
          .append(NAMES[random.nextInt(NAMES.length)])
          .append('"')
          .append(space(random))
          .append(':')
          .append(value(random, depth + 1));
    }
    return text.append(space(random)).append('}').append(space(random)).toString();
  }

  private static String value(Random random, int depth) {
    String space = space(random);
    return switch (depth > 3 ? random.nextInt(5) : random.nextInt(7)) {
      case 0 -> space + "\"s, \\\"}] \\u00e9\\n\"" + space(random);
      case 1 -> space + (random.nextBoolean() ? "1.10" : "-0e+2") + space(random);
      case 2 -> space + "null" + space(random);
      case 3 -> space + "true" + space(random);
      case 4 -> space + "\"\"" + space(random);
      case 5 -> space + "[" + value(random, depth + 1) + "," + value(random, depth + 1) + "]";
      default -> object(random, depth);
    };
  }

  private static String space(Random random) {
    return SPACE[random.nextInt(SPACE.length)];
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
