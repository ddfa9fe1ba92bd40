package dev.ecsbootstrap.fragment;

import com.google.errorprone.annotations.CompileTimeConstant;
import dev.ecsbootstrap.Name;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Secret;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, for the registry keys of one ECS_ENGINE_AUTH_DATA, which ones the agent can ever select,
 * by its own rule (GetAuthconfig in agent/dockerclient/dockerauth/dockerauth.go, amazon-ecs-agent
 * HEAD 8dfceca6c and v1.74.1): Docker Hub images look up exactly {@code index.docker.io/v1/};
 * another image takes the key equal to its registry host if there is one, else the first key of
 * that host in Go's random map order, and then any longer key of that host that the image text
 * starts with. So a key is used for some image exactly when some valid image reference (see {@link
 * ImageReferences}) on its host has no longer key of the host as a prefix and, if the host also has
 * a bare key, starts with this key. That depends on the other keys, so the whole map is decided at
 * once, after every key was {@linkplain #add added}.
 */
final class RegistryKeys {
  /** What the agent would send to a registry: the user name and password of one entry. */
  record Login(Secret username, Secret password) {}

  private final Map<String, RegistryKey> firstByStripped = new HashMap<>();
  private final Map<String, List<RegistryKey>> keysByHost = new LinkedHashMap<>();
  private final Map<Integer, Login> loginByPosition = new HashMap<>();

  /**
   * Adds the key at {@code position} of the object on {@code line}: the problem that makes it
   * useless on its own, if any; otherwise it takes part in {@link #problemsOfTheWholeMap}.
   */
  Optional<Problem> add(String written, int position, int line) {
    RegistryKey key = RegistryKey.of(written, position);
    Name name = key.name();
    Optional<RegistryKey.Defect> defect = key.defect();
    if (defect.isPresent()) {
      return Optional.of(problem(defect.get(), name, line));
    }
    RegistryKey earlier = firstByStripped.putIfAbsent(key.stripped(), key);
    if (earlier != null) {
      return error(
          line,
          EcsKeys.AUTH_DATA
              + "/{}: names the same registry as {} once the agent strips http(s)://; the agent"
              + " would keep one of them at random",
          name,
          earlier.name());
    }
    if (!key.isDockerHub()) {
      keysByHost.computeIfAbsent(key.host(), host -> new ArrayList<>()).add(key);
    }
    return Optional.empty();
  }

  /** The login the agent would build from the entry at {@code position}, for comparisons. */
  void login(int position, Login login) {
    loginByPosition.put(position, login);
  }

  /**
   * Keys no image selects because of the other keys of their host, and hosts whose images the agent
   * authenticates at random (several path-qualified keys, no bare host key).
   */
  List<Problem> problemsOfTheWholeMap(int line) {
    List<Problem> problems = new ArrayList<>();
    for (List<RegistryKey> keys : keysByHost.values()) {
      Optional<RegistryKey> bare = keys.stream().filter(RegistryKey::isBareHost).findFirst();
      for (RegistryKey key : keys) {
        unreachable(key, keys, bare, line).ifPresent(problems::add);
      }
      if (bare.isEmpty() && keys.size() >= 2) {
        problems.add(randomChoice(keys, line));
      }
    }
    return problems;
  }

  private Optional<Problem> unreachable(
      RegistryKey key, List<RegistryKey> keys, Optional<RegistryKey> bare, int line) {
    String host = key.host();
    // Beside a bare host key an image must start with this key; without one, any image on the
    // host will do, as this key may come first in Go's map order and be the baseline.
    String prefix = bare.isPresent() ? key.stripped() : host + "/";
    String afterHost = prefix.substring(host.length());
    List<RegistryKey> longer =
        keys.stream()
            .filter(other -> other.stripped().length() > key.stripped().length())
            .filter(other -> other.stripped().startsWith(prefix))
            .sorted(Comparator.comparingInt(other -> other.stripped().length()))
            .toList();
    List<String> blockers =
        longer.stream().map(other -> other.stripped().substring(host.length())).toList();
    if (ImageReferences.existsStartingWith(afterHost, blockers)) {
      return Optional.empty();
    }
    if (!ImageReferences.existsStartingWith(afterHost, List.of())) {
      return error(
          line,
          EcsKeys.AUTH_DATA
              + "/{}: never used: beside the bare host key {}, the agent picks this key only for"
              + " images that start with it, and image references cannot (after the host, a path"
              + " of lower-case letters and digits joined by '.', '_', '__', '-' or '/', then an"
              + " optional :tag and @digest)",
          key.name(),
          bare.orElseThrow().name());
    }
    return error(
        line,
        EcsKeys.AUTH_DATA
            + "/{}: never used: every image it could match also starts with {}, a longer key,"
            + " which the agent prefers",
        key.name(),
        longer.get(0).name());
  }

  private Problem randomChoice(List<RegistryKey> keys, int line) {
    Name first = keys.get(0).name();
    Login login = loginByPosition.get(keys.get(0).position());
    boolean sameLogin =
        keys.stream().allMatch(key -> Objects.equals(loginByPosition.get(key.position()), login));
    if (sameLogin) {
      return Problem.warning(
          line,
          EcsKeys.AUTH_DATA
              + ": several path-qualified keys share the host of {} and none is that bare host;"
              + " the agent picks between them at random, add a key for the bare host",
          first);
    }
    return Problem.error(
        line,
        EcsKeys.AUTH_DATA
            + ": several path-qualified keys share the host of {}, none is that bare host, and"
            + " their credentials differ; for an image that none of their paths starts, the agent"
            + " picks one of them at random on each pull. Add a key for the bare host",
        first);
  }

  private static Problem problem(RegistryKey.Defect defect, Name name, int line) {
    return switch (defect) {
      case EMPTY -> Problem.error(line, EcsKeys.AUTH_DATA + "/{}: the registry key is empty", name);
      case UPPER_CASE_SCHEME ->
          Problem.error(
              line,
              EcsKeys.AUTH_DATA
                  + "/{}: the agent strips only a lower-case http:// or https://, so this key never"
                  + " matches; write the scheme in lower case",
              name);
      case OTHER_SCHEME ->
          Problem.error(
              line,
              EcsKeys.AUTH_DATA
                  + "/{}: never used: the agent strips one lower-case http:// or https:// and no"
                  + " other scheme, and image references cannot have a scheme",
              name);
      case EMPTY_HOST ->
          Problem.error(
              line,
              EcsKeys.AUTH_DATA
                  + "/{}: never used: nothing comes before its first '/', and image references"
                  + " cannot have an empty registry host",
              name);
      case UPPER_CASE_HOST ->
          Problem.error(
              line,
              EcsKeys.AUTH_DATA
                  + "/{}: the agent compares hosts exactly and image hosts are lower case, so this"
                  + " key never matches; write the host in lower case (our policy: DNS ignores"
                  + " case, the agent does not)",
              name);
      case DOCKER_HUB_ALIAS ->
          Problem.error(
              line,
              EcsKeys.AUTH_DATA
                  + "/{}: Docker Hub images use only the key "
                  + RegistryNames.DOCKER_HUB
                  + "; rename this registry key",
              name);
      case HOST_CHARACTER ->
          Problem.error(
              line,
              EcsKeys.AUTH_DATA
                  + "/{}: never used: image references cannot have this host; a registry host is"
                  + " letters, digits, '-' and '.', or an IPv6 address in brackets, then an"
                  + " optional :port (no user@, '*', '_', '?', white space or other characters)",
              name);
      case HOST_LABEL ->
          Problem.error(
              line,
              EcsKeys.AUTH_DATA
                  + "/{}: never used: image references cannot have an empty host label (a leading,"
                  + " trailing or doubled '.') or a label that starts or ends with '-'",
              name);
      case PORT ->
          Problem.error(
              line,
              EcsKeys.AUTH_DATA
                  + "/{}: never used: image references cannot have an empty or non-numeric port",
              name);
      case NOT_A_REGISTRY_HOST ->
          Problem.error(
              line,
              EcsKeys.AUTH_DATA
                  + "/{}: never used: an image whose first component has no '.' or ':' and is not"
                  + " localhost is a Docker Hub image (as registry/app is), for which the agent"
                  + " looks up only "
                  + RegistryNames.DOCKER_HUB
                  + "; write the registry's full host name",
              name);
    };
  }

  private static Optional<Problem> error(
      int line, @CompileTimeConstant String template, Name... names) {
    return Optional.of(Problem.error(line, template, names));
  }
}
