package dev.ecsbootstrap.fragment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsbootstrap.Name;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Utf8;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Validated dockercfg registry entries as type docker entries, so fragments of the two types
 * combine under one ECS_ENGINE_AUTH_TYPE. Each entry becomes exactly what the agent would use: its
 * {@code agent/dockerclient/dockerauth/dockerauth.go} (amazon-ecs-agent v1.74.1) decodes {@code
 * auth} (field name matched case-insensitively, standard base64) and splits it at the first ':'
 * into Username and Password; it reads no other field, so {@code email} goes.
 */
final class DockercfgToDocker {

  private DockercfgToDocker() {}

  /**
   * @param line the ECS_ENGINE_AUTH_DATA line, for problems
   * @param dockerFragment the 1-based number of the fragment whose type is docker, for problems
   */
  static ObjectNode convert(
      ObjectNode dockercfg, int line, int dockerFragment, List<Problem> problems) {
    ObjectNode docker = dockercfg.objectNode();
    int position = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = dockercfg.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      position++;
      Optional<String> decoded = Utf8.decode(Base64.getDecoder().decode(auth(entry.getValue())));
      if (decoded.isEmpty()) {
        // Go keeps the bytes as they are; a JSON string could not carry them unchanged.
        problems.add(
            Problem.error(
                line,
                EcsKeys.AUTH_DATA
                    + "/{}/auth: is not UTF-8, so it cannot be combined with the type docker of"
                    + " fragment #{}; publish both with the same --format",
                Name.registry(position),
                Name.number(dockerFragment)));
        continue;
      }
      String userAndPassword = decoded.get();
      int colon = userAndPassword.indexOf(':');
      ObjectNode converted = docker.putObject(entry.getKey());
      converted.put("username", userAndPassword.substring(0, colon));
      converted.put("password", userAndPassword.substring(colon + 1));
    }
    return docker;
  }

  /** The one {@code auth} field validation left, whatever its case. */
  private static String auth(JsonNode entry) {
    for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().toLowerCase(Locale.ROOT).equals("auth")) {
        return field.getValue().asText();
      }
    }
    throw new IllegalStateException("a validated dockercfg entry has no auth");
  }
}
