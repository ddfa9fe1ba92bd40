package dev.ecsbootstrap.fragment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.JsonText;
import dev.ecsbootstrap.Name;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Merges fragments given in order into one. A key set by two fragments is an error, except the auth
 * pair: every fragment contributes its registries to one ECS_ENGINE_AUTH_DATA (a registry named
 * twice is an error), so teams can publish their registries separately. Fragments of one type keep
 * it; with both types, the dockercfg entries are converted to docker ({@link DockercfgToDocker}),
 * since publish writes dockercfg from a config.json and docker from a user name. Problems name an
 * earlier fragment by its 1-based position in the list ("fragment #1"), the order of apply's S3_URI
 * arguments.
 */
public final class FragmentCombiner {

  private FragmentCombiner() {}

  public static Fragment combine(List<Fragment> fragments) {
    if (fragments.size() == 1) {
      return fragments.get(0);
    }
    // A docker fragment makes the whole docker: dockercfg converts to it without loss, not back.
    int dockerFragment = 0;
    for (int index = 0; index < fragments.size(); index++) {
      if (typeOf(fragments.get(index)) == EngineAuthType.DOCKER) {
        dockerFragment = index + 1;
        break;
      }
    }
    // Auth data from one fragment alone (with the cluster that --cluster adds, say) is already
    // validated as it stands: it needs no merge, so no JSON tree, and databind's cold start (about
    // 100 ms, the most of anything of ours on apply's path) is not paid.
    boolean mergeAuth = fragments.stream().filter(FragmentCombiner::setsAuth).count() > 1;
    Map<String, Setting> settings = new LinkedHashMap<>();
    Map<String, Integer> fragmentOfKey = new LinkedHashMap<>();
    Map<String, Integer> fragmentOfRegistry = new LinkedHashMap<>();
    ObjectNode authData = null;
    List<Problem> warnings = new ArrayList<>();
    for (int index = 0; index < fragments.size(); index++) {
      Fragment fragment = fragments.get(index);
      int number = index + 1;
      List<Problem> problems = new ArrayList<>();
      warnings.addAll(fragment.warnings());
      for (Setting setting : fragment.settings()) {
        String key = setting.key();
        Setting earlier = settings.get(key);
        if (earlier == null) {
          settings.put(key, setting);
          fragmentOfKey.put(key, number);
        } else if (!key.equals(EcsKeys.AUTH_TYPE) && !key.equals(EcsKeys.AUTH_DATA)) {
          problems.add(
              Problem.error(
                  setting.line(),
                  "{}: also set by fragment #{}",
                  EcsKeys.name(key, setting.line(), 0),
                  Name.number(fragmentOfKey.get(key))));
        }
      }
      Setting data = mergeAuth ? fragment.setting(EcsKeys.AUTH_DATA).orElse(null) : null;
      ObjectNode entries = data == null ? null : read(data.value());
      if (entries != null && dockerFragment > 0 && typeOf(fragment) == EngineAuthType.DOCKERCFG) {
        entries = DockercfgToDocker.convert(entries, data.line(), dockerFragment, problems);
      }
      if (entries != null) {
        // By the keys as written: the display forms in Fragment.registries() are not unique.
        int position = 0;
        for (String registry : (Iterable<String>) entries::fieldNames) {
          position++;
          Integer first = fragmentOfRegistry.putIfAbsent(registry, number);
          if (first != null) {
            problems.add(
                Problem.error(
                    data.line(),
                    EcsKeys.AUTH_DATA + "/{}: also in fragment #{}",
                    Name.registry(position),
                    Name.number(first)));
          }
        }
      }
      if (!problems.isEmpty()) {
        throw BootstrapException.invalidContent(fragment.source(), problems);
      }
      if (authData == null) {
        authData = entries;
      } else if (entries != null) {
        authData.setAll(entries);
      }
    }
    if (dockerFragment > 0) {
      Setting first = settings.get(EcsKeys.AUTH_TYPE);
      settings.put(
          EcsKeys.AUTH_TYPE,
          new Setting(
              EcsKeys.AUTH_TYPE, Secret.of(EngineAuthType.DOCKER.wireName()), first.line()));
    }
    String source = fragments.stream().map(Fragment::source).collect(Collectors.joining(" + "));
    if (authData != null) {
      checkAsOneMap(source, settings.get(EcsKeys.AUTH_TYPE), authData);
    }
    List<String> registries = new ArrayList<>();
    if (!mergeAuth) {
      fragments.forEach(fragment -> registries.addAll(fragment.registries()));
    }
    if (authData != null) {
      Setting first = settings.get(EcsKeys.AUTH_DATA);
      settings.put(
          EcsKeys.AUTH_DATA, new Setting(EcsKeys.AUTH_DATA, write(authData), first.line()));
      int position = 0;
      for (String registry : (Iterable<String>) authData::fieldNames) {
        registries.add(RegistryNames.display(registry, ++position));
      }
    }
    return new Fragment(source, List.copyOf(settings.values()), warnings, registries);
  }

  /**
   * Which keys the agent can select depends on the whole map (RegistryKeys): keys that are fine in
   * their own fragments can collide, shadow each other or make the agent choose at random once
   * combined. Their errors name keys by position in the combined map, and no line of any file.
   */
  private static void checkAsOneMap(String source, Setting type, ObjectNode authData) {
    List<Problem> problems = new ArrayList<>();
    AuthDataValidator.validate(
        EngineAuthType.fromWireName(type.value().reveal()).orElseThrow(),
        write(authData),
        0,
        1,
        problems);
    // Warnings of single entries were reported with their own fragments already.
    List<Problem> errors = problems.stream().filter(Problem::isError).toList();
    if (!errors.isEmpty()) {
      throw BootstrapException.invalidContent(source, errors);
    }
  }

  private static boolean setsAuth(Fragment fragment) {
    return fragment.setting(EcsKeys.AUTH_TYPE).isPresent()
        || fragment.setting(EcsKeys.AUTH_DATA).isPresent();
  }

  private static EngineAuthType typeOf(Fragment fragment) {
    return fragment
        .setting(EcsKeys.AUTH_TYPE)
        .flatMap(type -> EngineAuthType.fromWireName(type.value().reveal()))
        .orElse(null);
  }

  private static ObjectNode read(Secret data) {
    try {
      return (ObjectNode) Mapper.INSTANCE.readTree(data.reveal());
    } catch (JsonProcessingException e) {
      // Unreachable for validated fragments; never quote Jackson's message (it may hold the value).
      throw new IllegalStateException("validated auth data did not parse");
    }
  }

  private static Secret write(ObjectNode authData) {
    try {
      return Secret.of(Mapper.INSTANCE.writeValueAsString(authData));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("auth data could not be written");
    }
  }

  /** Built on first use: most runs apply one fragment and never pay for databind's start-up. */
  private static final class Mapper {
    static final JsonMapper INSTANCE = JsonMapper.builder(JsonText.factory()).build();
  }
}
