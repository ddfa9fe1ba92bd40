package dev.ecsbootstrap.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * What the ECS agent will authenticate with, read from an ecs.config the way dockerauth.go does:
 * for dockercfg the base64 {@code auth} split at the first ':', for docker the username and
 * password fields. Tests compare it with what went in.
 */
public final class AgentView {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AgentView() {}

  /** {@code [username, password]} for {@code registry}. */
  public static List<String> credentials(Path ecsConfig, String registry) throws IOException {
    List<String> lines = Files.readAllLines(ecsConfig, StandardCharsets.UTF_8);
    JsonNode entry = JSON.readTree(value(lines, "ECS_ENGINE_AUTH_DATA")).get(registry);
    if (entry == null) {
      throw new AssertionError(registry + " is not in the auth data of " + ecsConfig);
    }
    if (value(lines, "ECS_ENGINE_AUTH_TYPE").equals("dockercfg")) {
      String decoded =
          new String(
              Base64.getDecoder().decode(entry.get("auth").asText()), StandardCharsets.UTF_8);
      return List.of(decoded.split(":", 2));
    }
    return List.of(entry.get("username").asText(), entry.get("password").asText());
  }

  private static String value(List<String> lines, String key) {
    return lines.stream()
        .filter(line -> line.startsWith(key + "="))
        .findFirst()
        .orElseThrow(() -> new AssertionError(key + " is not set"))
        .substring(key.length() + 1);
  }
}
