package dev.ecsbootstrap.publish;

import java.util.Locale;
import java.util.Set;

/**
 * Registry keys written so that the agent's matcher finds them (ecs-agent-semantics.md 2.3): Docker
 * Hub under exactly {@code https://index.docker.io/v1/}, every other registry as its lower-case
 * host (with port), keeping a path only where one names a repository prefix.
 */
public final class RegistryNames {
  public static final String DOCKER_HUB = "https://index.docker.io/v1/";
  private static final Set<String> DOCKER_HUB_HOSTS =
      Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

  /** API version paths docker login records, which never prefix an image name. */
  private static final Set<String> API_PATHS = Set.of("v1", "v2");

  private RegistryNames() {}

  public static String normalize(String key) {
    String name = key.strip();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://")) {
      name = name.substring("https://".length());
    } else if (lower.startsWith("http://")) {
      name = name.substring("http://".length());
    }
    int slash = name.indexOf('/');
    String host = (slash < 0 ? name : name.substring(0, slash)).toLowerCase(Locale.ROOT);
    String path = slash < 0 ? "" : name.substring(slash + 1);
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (DOCKER_HUB_HOSTS.contains(host)) {
      return DOCKER_HUB;
    }
    return path.isEmpty() || API_PATHS.contains(path) ? host : host + "/" + path;
  }
}
