package dev.ecsbootstrap.fragment;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks registry keys against how the agent matches images to them (ecs-agent-semantics.md 2.2,
 * 2.3): only a lower-case {@code http://} or {@code https://} is stripped, the host comparison is
 * exact, and Docker Hub images look up exactly {@code index.docker.io/v1/}.
 */
final class RegistryKeys {
  static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
  private static final String DOCKER_HUB_NORMALIZED = "index.docker.io/v1/";
  private static final Set<String> DOCKER_HUB_HOSTS =
      Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

  private final Map<String, String> firstKeyByNormalized = new HashMap<>();
  private final Map<String, Integer> pathKeysByHost = new LinkedHashMap<>();
  private final Map<String, Boolean> bareHosts = new HashMap<>();

  /** Checks one key; reports through {@code report}. */
  void check(String key, String pointer, Consumer<String> error) {
    if (key.isEmpty()) {
      error.accept(pointer + ": the registry key is empty");
      return;
    }
    String lower = key.toLowerCase(Locale.ROOT);
    if ((lower.startsWith("http://") || lower.startsWith("https://"))
        && !(key.startsWith("http://") || key.startsWith("https://"))) {
      error.accept(
          pointer
              + ": the agent strips only a lower-case http:// or https://, so this key never matches;"
              + " write the scheme in lower case");
      return;
    }
    String normalized = stripScheme(key);
    String host = normalized.split("/", 2)[0];
    if (!host.equals(host.toLowerCase(Locale.ROOT))) {
      error.accept(
          pointer
              + ": the agent compares hosts exactly and image hosts are lower case, so this key never"
              + " matches; write the host in lower case");
      return;
    }
    if (DOCKER_HUB_HOSTS.contains(host) && !normalized.equals(DOCKER_HUB_NORMALIZED)) {
      error.accept(
          pointer
              + ": Docker Hub images use only the key "
              + DOCKER_HUB_KEY
              + "; rename this registry key");
      return;
    }
    String earlier = firstKeyByNormalized.putIfAbsent(normalized, key);
    if (earlier != null) {
      error.accept(
          pointer
              + ": names the same registry as '"
              + earlier
              + "' once the agent strips http(s)://;"
              + " the agent would keep one of them at random");
      return;
    }
    if (normalized.equals(DOCKER_HUB_NORMALIZED)) {
      return;
    }
    if (normalized.contains("/")) {
      pathKeysByHost.merge(host, 1, Integer::sum);
    } else {
      bareHosts.put(host, true);
    }
  }

  /**
   * Two or more path-qualified keys for one host and no bare host key: the agent takes the first in
   * Go's random map order as its baseline, so pulls authenticate differently from run to run. A
   * single {@code https://host/v1/} key is deterministic and common, so it is not flagged.
   */
  List<String> ambiguousHosts() {
    return pathKeysByHost.entrySet().stream()
        .filter(entry -> entry.getValue() >= 2 && !bareHosts.containsKey(entry.getKey()))
        .map(Map.Entry::getKey)
        .toList();
  }

  static String stripScheme(String key) {
    if (key.startsWith("http://")) {
      return key.substring("http://".length());
    }
    if (key.startsWith("https://")) {
      return key.substring("https://".length());
    }
    return key;
  }
}
