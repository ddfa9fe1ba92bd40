package dev.ecsbootstrap.fragment;

import com.google.errorprone.annotations.CompileTimeConstant;
import dev.ecsbootstrap.Name;
import dev.ecsbootstrap.Problem;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks registry keys against how the agent matches images to them (GetAuthconfig in
 * agent/dockerclient/dockerauth/dockerauth.go, amazon-ecs-agent v1.74.1): only a lower-case {@code
 * http://} or {@code https://} is stripped, the host comparison is exact, and Docker Hub images
 * look up exactly {@code index.docker.io/v1/}.
 */
final class RegistryKeys {
  /** A key as written and its 1-based position in the JSON object. */
  private record Key(String key, int position) {}

  private final Map<String, Key> firstKeyByStripped = new HashMap<>();
  private final Map<String, Key> firstPathKeyByHost = new LinkedHashMap<>();
  private final Map<String, Integer> pathKeysByHost = new HashMap<>();
  private final Set<String> bareHosts = new HashSet<>();

  /**
   * Checks the key at {@code position} of the object on {@code line}; the first problem found, if
   * any.
   */
  Optional<Problem> check(String key, int position, int line) {
    Name name = RegistryNames.name(key, position);
    if (key.isEmpty()) {
      return error(line, EcsKeys.AUTH_DATA + "/{}: the registry key is empty", name);
    }
    String lower = key.toLowerCase(Locale.ROOT);
    if ((lower.startsWith("http://") || lower.startsWith("https://"))
        && !(key.startsWith("http://") || key.startsWith("https://"))) {
      return error(
          line,
          EcsKeys.AUTH_DATA
              + "/{}: the agent strips only a lower-case http:// or https://, so this key never"
              + " matches; write the scheme in lower case",
          name);
    }
    String stripped = RegistryNames.stripScheme(key);
    String host = stripped.split("/", 2)[0];
    if (!host.equals(host.toLowerCase(Locale.ROOT))) {
      return error(
          line,
          EcsKeys.AUTH_DATA
              + "/{}: the agent compares hosts exactly and image hosts are lower case, so this key"
              + " never matches; write the host in lower case",
          name);
    }
    if (RegistryNames.DOCKER_HUB_HOSTS.contains(host)
        && !stripped.equals(RegistryNames.DOCKER_HUB_STRIPPED)) {
      return error(
          line,
          EcsKeys.AUTH_DATA
              + "/{}: Docker Hub images use only the key "
              + RegistryNames.DOCKER_HUB
              + "; rename this registry key",
          name);
    }
    Key earlier = firstKeyByStripped.putIfAbsent(stripped, new Key(key, position));
    if (earlier != null) {
      return error(
          line,
          EcsKeys.AUTH_DATA
              + "/{}: names the same registry as {} once the agent strips http(s)://; the agent"
              + " would keep one of them at random",
          name,
          RegistryNames.name(earlier.key(), earlier.position()));
    }
    if (stripped.equals(RegistryNames.DOCKER_HUB_STRIPPED)) {
      return Optional.empty();
    }
    if (stripped.contains("/")) {
      pathKeysByHost.merge(host, 1, Integer::sum);
      firstPathKeyByHost.putIfAbsent(host, new Key(key, position));
    } else {
      bareHosts.add(host);
    }
    return Optional.empty();
  }

  /**
   * Two or more path-qualified keys for one host and no bare host key: the agent takes the first in
   * Go's random map order as its baseline, so pulls authenticate differently from run to run. A
   * single {@code https://host/v1/} key is deterministic and common, so it is not flagged. Each
   * such host is named by its first path-qualified key.
   */
  List<Name> ambiguousHosts() {
    return firstPathKeyByHost.entrySet().stream()
        .filter(entry -> pathKeysByHost.get(entry.getKey()) >= 2)
        .filter(entry -> !bareHosts.contains(entry.getKey()))
        .map(entry -> RegistryNames.name(entry.getValue().key(), entry.getValue().position()))
        .toList();
  }

  private static Optional<Problem> error(
      int line, @CompileTimeConstant String template, Name... names) {
    return Optional.of(Problem.error(line, template, names));
  }
}
