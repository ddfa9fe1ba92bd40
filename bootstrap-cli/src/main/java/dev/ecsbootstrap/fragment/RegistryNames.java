package dev.ecsbootstrap.fragment;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

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

  private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

  /**
   * Registry keys a listing may show ({@link #display}): an optional lower-case {@code http://} or
   * {@code https://}, a lower-case host that the agent can take for a registry (a dotted name,
   * which includes an IPv4 address, or {@code localhost}, with an optional {@code :port}; or a
   * single label with a port), and an optional path of {@code [a-z0-9._/-]}. A bare word such as
   * {@code hunter2} is not a registry host for the agent (a first image component is a registry
   * only with a '.' or ':' or as localhost), so it is never shown.
   */
  private static final Pattern HOSTS =
      Pattern.compile(
          "(?:https?://)?(?:(?:localhost|"
              + LABEL
              + "(?:\\."
              + LABEL
              + ")+)(?::[0-9]{1,5})?|"
              + LABEL
              + ":[0-9]{1,5})(?:/[a-z0-9._/-]*)?");

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
   * A registry key for a listing ({@link Fragment#registries()}, printed by apply and publish): as
   * written if it is a host, else {@code #position} in its JSON object.
   */
  public static String display(String key, int position) {
    return HOSTS.matcher(key).matches() ? key : "#" + position;
  }
}
