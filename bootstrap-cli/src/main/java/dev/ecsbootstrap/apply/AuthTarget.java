package dev.ecsbootstrap.apply;

import dev.ecsbootstrap.BootstrapException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@code apply} writes the engine auth: ecs.config (the default, which the operators'
 * documentation expects), or the agent's JSON config file, which ecs-init mounts into the agent
 * container instead of exporting it as environment ({@code --target json}).
 *
 * @param json whether the auth goes to {@code ecsConfigJson}
 * @param moveAuth remove ECS_ENGINE_AUTH_* lines from ecs.config once the JSON file holds the auth
 */
public record AuthTarget(boolean json, Path ecsConfigJson, boolean moveAuth) {
  /**
   * ecs-init's AgentJSONConfigFile (ecs-init/config/common.go, amazon-ecs-agent HEAD 8dfceca6c).
   */
  public static final Path DEFAULT_JSON = Path.of("/etc/ecs/ecs.config.json");

  public static final AuthTarget ECS_CONFIG = new AuthTarget(false, DEFAULT_JSON, false);

  /**
   * From the flags: {@code target} is {@code ecs-config} or {@code json}; the other two flags only
   * mean something with {@code json}, so they are usage errors without it.
   */
  public static AuthTarget of(String target, Optional<Path> ecsConfigJson, boolean moveAuth) {
    boolean json =
        switch (target) {
          case "ecs-config" -> false;
          case "json" -> true;
          default -> throw BootstrapException.usage("--target takes ecs-config or json");
        };
    if (!json && (ecsConfigJson.isPresent() || moveAuth)) {
      throw BootstrapException.usage("--ecs-config-json and --move-auth need --target json");
    }
    return new AuthTarget(json, ecsConfigJson.orElse(DEFAULT_JSON), moveAuth);
  }

  /** A JSON file that is ecs.config itself would be overwritten by the second write. */
  void requireDistinctFrom(Path ecsConfig) {
    if (json && sameFile(ecsConfig, ecsConfigJson)) {
      throw BootstrapException.usage("--ecs-config-json must name another file than --ecs-config");
    }
  }

  private static boolean sameFile(Path a, Path b) {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }
}
