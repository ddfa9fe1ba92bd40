package dev.ecsbootstrap.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the agent's introspection API says of itself at {@code GET /v1/metadata}: {@code
 * AgentMetadataResponse} in {@code ecs-agent/introspection/v1/response.go} (amazon-ecs-agent
 * v1.74.1): {@code Cluster}, {@code ContainerInstanceArn} (a pointer, so it may be null) and {@code
 * Version} (absent with the agent's hide-version option).
 */
public record AgentMetadata(
    String cluster, Optional<String> containerInstanceArn, Optional<String> version) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CLUSTER_ARN =
      Pattern.compile("arn:[^:]+:ecs:[^:]*:[^:]*:cluster/(.+)");

  /** The response body; an {@link IOException} for one that is not such an object. */
  static AgentMetadata parse(byte[] body) throws IOException {
    JsonNode root = JSON.readTree(body);
    if (root == null || !root.isObject() || !root.path("Cluster").isTextual()) {
      throw new IOException("not an agent metadata object");
    }
    return new AgentMetadata(
        root.get("Cluster").asText(), text(root, "ContainerInstanceArn"), text(root, "Version"));
  }

  private static Optional<String> text(JsonNode root, String field) {
    JsonNode value = root.path(field);
    return value.isTextual() && !value.asText().isEmpty()
        ? Optional.of(value.asText())
        : Optional.empty();
  }

  /** The agent serves this API only after registering; an ARN says it did. */
  public boolean registered() {
    return containerInstanceArn.isPresent();
  }

  /**
   * Whether the agent's cluster is {@code expected}. The agent reports ECS_CLUSTER as written, a
   * name or an ARN ({@code default} when empty), so a name matches an ARN ending in {@code
   * cluster/NAME} and the reverse.
   */
  public boolean inCluster(String expected) {
    return clusterName(cluster).equals(clusterName(expected));
  }

  private static String clusterName(String nameOrArn) {
    Matcher arn = CLUSTER_ARN.matcher(nameOrArn);
    return arn.matches() ? arn.group(1) : nameOrArn;
  }
}
