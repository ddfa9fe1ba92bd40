package dev.ecsbootstrap.testing;

import java.nio.charset.StandardCharsets;

/** Sample ecs.config fragments carrying the {@link Canary} credentials. */
public final class Samples {
  public static final String REGISTRY = "registry.example.com";
  public static final String OTHER_REGISTRY = "ghcr.io";

  private Samples() {}

  /** ECS_ENGINE_AUTH_TYPE=dockercfg with one registry, as publish writes it. */
  public static byte[] dockercfgFragment() {
    return dockercfgFragment(REGISTRY);
  }

  public static byte[] dockercfgFragment(String registry) {
    return utf8(
        "ECS_ENGINE_AUTH_TYPE=dockercfg\n"
            + "ECS_ENGINE_AUTH_DATA={\""
            + registry
            + "\":{\"auth\":\""
            + Canary.auth()
            + "\",\"email\":\"ops@example.com\"}}\n");
  }

  /** ECS_ENGINE_AUTH_TYPE=docker with username and password. */
  public static byte[] dockerFragment(String registry) {
    return utf8(
        "ECS_ENGINE_AUTH_TYPE=docker\n"
            + "ECS_ENGINE_AUTH_DATA={\""
            + registry
            + "\":{\"username\":\""
            + Canary.USERNAME
            + "\",\"password\":\""
            + Canary.jsonEscaped()
            + "\"}}\n");
  }

  /** The mistake this tool exists to catch: the "auths" wrapper of ~/.docker/config.json. */
  public static byte[] authsWrapperFragment() {
    return utf8(
        "ECS_ENGINE_AUTH_TYPE=dockercfg\n"
            + "ECS_ENGINE_AUTH_DATA={\"auths\":{\""
            + REGISTRY
            + "\":{\"auth\":\""
            + Canary.auth()
            + "\"}}}\n");
  }

  /** What an AMI's ecs.config typically holds before apply. */
  public static byte[] existingEcsConfig() {
    return utf8(
        "# written by the launch template\nECS_CLUSTER=prod\nECS_ENABLE_SPOT_INSTANCE_DRAINING=true\n");
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
