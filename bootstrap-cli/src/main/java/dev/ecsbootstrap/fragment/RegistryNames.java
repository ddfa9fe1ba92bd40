package dev.ecsbootstrap.fragment;

import java.util.Locale;
import java.util.Set;

/**
 * The one home of registry-name rules (GetAuthconfig and stripRegistrySchema in
 * agent/dockerclient/dockerauth/dockerauth.go, amazon-ecs-agent v1.74.1): Docker Hub's key and host
 * aliases, how the agent strips a scheme, how publish writes a key so that the agent's matcher
 * finds it, and which keys a message or a listing may show.
 */
public final class RegistryNames {
  /** The only key Docker Hub images look up (after the agent strips the scheme). */
  public static final String DOCKER_HUB = "https://index.docker.io/v1/";

  /** {@link #DOCKER_HUB} as the agent stores it, scheme stripped. */
  static final String DOCKER_HUB_STRIPPED = "index.docker.io/v1/";

  /** Hosts the agent treats as Docker Hub (isDockerhubHostname). */
  static final Set<String> DOCKER_HUB_HOSTS =
      Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

  /** API version paths docker login records, which never prefix an image name. */
  private static final Set<String> API_PATHS = Set.of("v1", "v2");

  private RegistryNames() {}

  /**
   * The key publish writes for a registry the user named: Docker Hub as {@link #DOCKER_HUB}, others
   * as the lower-case host (with port), keeping a path only where it prefixes image names.
   */
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

  /** The key as the agent stores it: only a lower-case {@code http://} or {@code https://} goes. */
  public static String stripScheme(String key) {
    if (key.startsWith("http://")) {
      return key.substring("http://".length());
    }
    if (key.startsWith("https://")) {
      return key.substring("https://".length());
    }
    return key;
  }

  /**
   * A registry key for a listing ({@link Fragment#registries()}, printed by apply and publish), by
   * the checks a registry key must pass ({@link RegistryKey#defect()}): {@code #position} in its
   * JSON object unless the host is a registry host for the agent (a bare word such as {@code
   * hunter2} is not: an image's first component names a registry only with a '.' or ':' or as
   * localhost); then as written when it is the host alone (with its scheme and port) or Docker
   * Hub's key or has an API version path, and otherwise as the host and the length of its path: a
   * path is free text (a lower-case password fits Docker's grammar for it).
   */
  public static String display(String key, int position) {
    RegistryKey registry = RegistryKey.of(key, position);
    if (registry.defect().isPresent()) {
      return "#" + position;
    }
    if (registry.isBareHost() || registry.isDockerHub()) {
      return key;
    }
    String path = registry.stripped().substring(registry.host().length() + 1);
    if (API_PATHS.contains(path.endsWith("/") ? path.substring(0, path.length() - 1) : path)) {
      return key;
    }
    String scheme = key.substring(0, key.length() - registry.stripped().length());
    return scheme
        + registry.host()
        + "/[a path of "
        + path.codePointCount(0, path.length())
        + " characters]";
  }
}
