package dev.ecsbootstrap.fragment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test's own model of which registry key the ECS agent uses for an image, written from the
 * agent's source and not from ours: GetAuthconfig, splitReposName, stripRegistrySchema and
 * isDockerhubHostname in agent/dockerclient/dockerauth/dockerauth.go and ParseRepositoryTag in
 * agent/utils/repotag.go (amazon-ecs-agent HEAD 8dfceca6c), and Docker's reference grammar as the
 * regular expressions of github.com/distribution/reference regexp.go, with go-digest's algorithms.
 * It shares no code with the validator, so {@link RegistryKeyReachabilityTest} compares two
 * independent readings of the same rule.
 */
final class AgentImageMatching {
  private static final String ALPHANUMERIC = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT =
      ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
  private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
  private static final String DOMAIN_AND_PORT = "(?:" + DOMAIN_NAME + "|" + IPV6 + ")(?::[0-9]+)?";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";

  /** ReferenceRegexp: name, tag, digest. */
  private static final Pattern REFERENCE =
      Pattern.compile(
          "((?:"
              + DOMAIN_AND_PORT
              + "/)?"
              + PATH_COMPONENT
              + "(?:/"
              + PATH_COMPONENT
              + ")*)(?::("
              + TAG
              + "))?(?:@("
              + DIGEST
              + "))?");

  /** anchoredNameRegexp: domain (preferred when it can match), path. */
  private static final Pattern NAME =
      Pattern.compile(
          "(?:(" + DOMAIN_AND_PORT + ")/)?(" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*)");

  /** go-digest: the available algorithms and their lower-case hex lengths. */
  private static final Pattern VALID_DIGEST =
      Pattern.compile("sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128}");

  private static final List<String> DOCKER_HUB_HOSTS =
      List.of("docker.io", "index.docker.io", "registry-1.docker.io");
  private static final String DOCKER_HUB_KEY = "index.docker.io/v1/";

  private AgentImageMatching() {}

  /**
   * Whether Docker accepts {@code image} (reference.Parse) and its registry host is lower case (our
   * policy: DNS ignores case, the agent compares exactly).
   */
  static boolean isValidImage(String image) {
    Matcher reference = REFERENCE.matcher(image);
    if (!reference.matches()) {
      return false;
    }
    if (reference.group(3) != null && !VALID_DIGEST.matcher(reference.group(3)).matches()) {
      return false;
    }
    String name = reference.group(1);
    int slash = name.indexOf('/');
    String first = slash < 0 ? null : name.substring(0, slash);
    if (first == null || !isDomain(first)) {
      // Docker Hub: docker normalises the name to docker.io/<name>, all of it a path.
      return name.length() <= 255;
    }
    // The first component names a registry, for the agent and for docker: it must be one.
    Matcher domainAndPath = NAME.matcher(name);
    return domainAndPath.matches()
        && first.equals(domainAndPath.group(1))
        && domainAndPath.group(2).length() <= 255
        && first.equals(first.toLowerCase(Locale.ROOT));
  }

  /**
   * splitDockerDomain (distribution/reference normalize.go): a first component is a registry host
   * when it has a '.' or ':', is localhost, or has an upper-case letter. The agent's splitReposName
   * agrees but for the last test, and those hosts break our lower-case policy anyway.
   */
  private static boolean isDomain(String first) {
    return first.contains(".")
        || first.contains(":")
        || first.equals("localhost")
        || !first.equals(first.toLowerCase(Locale.ROOT));
  }

  /** The agent's map keys: each key with one lower-case http:// or https:// stripped. */
  static List<String> mapKeys(List<String> written) {
    Set<String> keys = new LinkedHashSet<>();
    for (String key : written) {
      if (key.startsWith("http://")) {
        keys.add(key.substring("http://".length()));
      } else if (key.startsWith("https://")) {
        keys.add(key.substring("https://".length()));
      } else {
        keys.add(key);
      }
    }
    return new ArrayList<>(keys);
  }

  /**
   * The map key GetAuthconfig returns for {@code image} when Go's map iteration visits the keys in
   * {@code iterationOrder}; null when none (an anonymous pull).
   */
  static String selectedKey(String image, List<String> iterationOrder) {
    String repository = repository(image);
    String indexName = indexName(repository);
    if (DOCKER_HUB_HOSTS.contains(indexName)) {
      return iterationOrder.contains(DOCKER_HUB_KEY) ? DOCKER_HUB_KEY : null;
    }
    String longestKey = iterationOrder.contains(indexName) ? indexName : "";
    for (String registry : iterationOrder) {
      String hostname = registry.split("/", 2)[0];
      if (indexName.equals(hostname)) {
        if (longestKey.isEmpty()) {
          longestKey = registry;
        } else if (registry.length() > longestKey.length() && image.startsWith(registry)) {
          longestKey = registry;
        }
      }
    }
    return longestKey.isEmpty() ? null : longestKey;
  }

  /** ParseRepositoryTag: drops ":tag" when the text after the last ':' has no '/'. */
  private static String repository(String image) {
    int colon = image.lastIndexOf(':');
    if (colon < 0 || image.substring(colon + 1).contains("/")) {
      return image;
    }
    return image.substring(0, colon);
  }

  /** splitReposName: the first component is a registry if it has '.' or ':' or is localhost. */
  private static String indexName(String repository) {
    String[] parts = repository.split("/", 2);
    if (parts.length == 1
        || (!parts[0].contains(".") && !parts[0].contains(":") && !parts[0].equals("localhost"))) {
      return "docker.io";
    }
    return parts[0];
  }
}
