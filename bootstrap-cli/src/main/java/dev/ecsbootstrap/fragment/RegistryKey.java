package dev.ecsbootstrap.fragment;

import dev.ecsbootstrap.Name;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One registry key of ECS_ENGINE_AUTH_DATA as the agent stores it (stripRegistrySchema in
 * agent/dockerclient/dockerauth/dockerauth.go, amazon-ecs-agent HEAD 8dfceca6c): the key as
 * written, its 1-based position in the JSON object, the key with one lower-case {@code http://} or
 * {@code https://} stripped, and its host (the text before the first {@code /}, which GetAuthconfig
 * compares with the image's registry). {@link #defect()} is what makes the key useless on its own,
 * whatever else is in the map.
 */
record RegistryKey(String written, int position, String stripped, String host) {

  /**
   * A host component of Docker's grammar (domainNameComponent in distribution/reference {@code
   * regexp.go}), in lower case by our policy.
   */
  private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");

  /** Docker's bracketed IPv6 address (ipv6address in {@code regexp.go}), in lower case. */
  private static final Pattern IPV6 = Pattern.compile("\\[[a-f0-9:]+\\]");

  private static final Pattern PORT = Pattern.compile("[0-9]+");
  private static final Pattern HOST_CHARACTERS = Pattern.compile("[a-z0-9.:\\[\\]-]*");
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");

  /** Why a key can never be selected, whatever the other keys. */
  enum Defect {
    EMPTY,
    UPPER_CASE_SCHEME,
    OTHER_SCHEME,
    EMPTY_HOST,
    UPPER_CASE_HOST,
    DOCKER_HUB_ALIAS,
    HOST_CHARACTER,
    HOST_LABEL,
    PORT,
    NOT_A_REGISTRY_HOST
  }

  static RegistryKey of(String written, int position) {
    String stripped = RegistryNames.stripScheme(written);
    return new RegistryKey(written, position, stripped, stripped.split("/", 2)[0]);
  }

  /** The key for a message: as written if it is host-shaped, else by its position. */
  Name name() {
    return Name.registry(position);
  }

  /** The key with no path after its host: the agent's default for every image on that host. */
  boolean isBareHost() {
    return stripped.equals(host);
  }

  boolean isDockerHub() {
    return stripped.equals(RegistryNames.DOCKER_HUB_STRIPPED);
  }

  Optional<Defect> defect() {
    if (written.isEmpty()) {
      return Optional.of(Defect.EMPTY);
    }
    if (stripped.equals(written) && hasLowerCaseHttpSchemeIgnoringCase(written)) {
      return Optional.of(Defect.UPPER_CASE_SCHEME);
    }
    if (SCHEME.matcher(stripped).matches()) {
      return Optional.of(Defect.OTHER_SCHEME);
    }
    if (host.isEmpty()) {
      return Optional.of(Defect.EMPTY_HOST);
    }
    if (!host.equals(host.toLowerCase(Locale.ROOT))) {
      return Optional.of(Defect.UPPER_CASE_HOST);
    }
    if (RegistryNames.DOCKER_HUB_HOSTS.contains(host)) {
      return isDockerHub() ? Optional.empty() : Optional.of(Defect.DOCKER_HUB_ALIAS);
    }
    return hostDefect();
  }

  private static boolean hasLowerCaseHttpSchemeIgnoringCase(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  /**
   * The host against Docker's grammar (a host component list or a bracketed IPv6 address, then an
   * optional port of digits), and against the agent's test for a registry (splitReposName in
   * dockerauth.go: the image's first component names a registry only when it has a '.' or a ':' or
   * is localhost; otherwise the image is on Docker Hub).
   */
  private Optional<Defect> hostDefect() {
    if (!HOST_CHARACTERS.matcher(host).matches()) {
      return Optional.of(Defect.HOST_CHARACTER);
    }
    String port;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0 || !IPV6.matcher(host.substring(0, close + 1)).matches()) {
        return Optional.of(Defect.HOST_CHARACTER);
      }
      port = host.substring(close + 1);
    } else {
      int colon = host.indexOf(':');
      String name = colon < 0 ? host : host.substring(0, colon);
      port = colon < 0 ? "" : host.substring(colon);
      if (name.indexOf('[') >= 0 || name.indexOf(']') >= 0) {
        return Optional.of(Defect.HOST_CHARACTER);
      }
      for (String label : name.split("\\.", -1)) {
        if (!LABEL.matcher(label).matches()) {
          return Optional.of(Defect.HOST_LABEL);
        }
      }
    }
    if (!port.isEmpty() && !(port.startsWith(":") && PORT.matcher(port.substring(1)).matches())) {
      return Optional.of(Defect.PORT);
    }
    if (!host.contains(".") && !host.contains(":") && !host.equals("localhost")) {
      return Optional.of(Defect.NOT_A_REGISTRY_HOST);
    }
    return Optional.empty();
  }
}
