package dev.ecsbootstrap.fragment;

import java.util.Optional;

/**
 * The two values of ECS_ENGINE_AUTH_TYPE the agent understands, matched case-sensitively
 * (NewDockerAuthProvider in agent/dockerclient/dockerauth/dockerauth.go, amazon-ecs-agent v1.74.1).
 */
public enum EngineAuthType {
  DOCKER("docker"),
  DOCKERCFG("dockercfg");

  private final String wireName;

  EngineAuthType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<EngineAuthType> fromWireName(String value) {
    for (EngineAuthType type : values()) {
      if (type.wireName.equals(value)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
