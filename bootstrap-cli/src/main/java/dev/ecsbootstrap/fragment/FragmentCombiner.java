package dev.ecsbootstrap.fragment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Merges fragments given in order into one. A key set by two fragments is an error, except the auth
 * pair: fragments of the same ECS_ENGINE_AUTH_TYPE contribute registries to one
 * ECS_ENGINE_AUTH_DATA (a registry named twice is an error), so teams can publish their registries
 * separately.
 */
public final class FragmentCombiner {

  private FragmentCombiner() {}

  public static Fragment combine(List<Fragment> fragments) {
    if (fragments.size() == 1) {
      return fragments.get(0);
    }
    Map<String, Setting> settings = new LinkedHashMap<>();
    Map<String, String> sourceOfKey = new LinkedHashMap<>();
    Map<String, String> sourceOfRegistry = new LinkedHashMap<>();
    ObjectNode authData = null;
    List<Problem> warnings = new ArrayList<>();
    for (Fragment fragment : fragments) {
      List<Problem> problems = new ArrayList<>();
      warnings.addAll(fragment.warnings());
      for (Setting setting : fragment.settings()) {
        String key = setting.key();
        Setting earlier = settings.get(key);
        if (earlier == null) {
          settings.put(key, setting);
          sourceOfKey.put(key, fragment.source());
        } else if (key.equals(EcsKeys.AUTH_TYPE)) {
          if (!earlier.value().equals(setting.value())) {
            problems.add(
                Problem.error(
                    setting.line(),
                    key
                        + ": differs from the type in "
                        + sourceOfKey.get(key)
                        + "; registries can only be combined under one auth type"));
          }
        } else if (!key.equals(EcsKeys.AUTH_DATA)) {
          problems.add(
              Problem.error(setting.line(), key + ": also set by " + sourceOfKey.get(key)));
        }
      }
      for (String registry : fragment.registries()) {
        String first = sourceOfRegistry.putIfAbsent(registry, fragment.source());
        if (first != null) {
          problems.add(
              Problem.error(
                  lineOf(fragment, EcsKeys.AUTH_DATA),
                  EcsKeys.AUTH_DATA + "/" + registry + ": also in " + first));
        }
      }
      if (!problems.isEmpty()) {
        throw BootstrapException.invalidContent(fragment.source(), problems);
      }
      Setting data = fragment.setting(EcsKeys.AUTH_DATA).orElse(null);
      if (data != null) {
        authData = mergeAuthData(authData, data.value());
      }
    }
    if (authData != null) {
      Setting first = settings.get(EcsKeys.AUTH_DATA);
      settings.put(
          EcsKeys.AUTH_DATA, new Setting(EcsKeys.AUTH_DATA, write(authData), first.line()));
    }
    String source = fragments.stream().map(Fragment::source).collect(Collectors.joining(" + "));
    return new Fragment(
        source, List.copyOf(settings.values()), warnings, List.copyOf(sourceOfRegistry.keySet()));
  }

  private static int lineOf(Fragment fragment, String key) {
    return fragment.setting(key).map(Setting::line).orElse(0);
  }

  private static ObjectNode mergeAuthData(ObjectNode merged, Secret data) {
    ObjectNode next = read(data);
    if (merged == null) {
      return next;
    }
    merged.setAll(next);
    return merged;
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
    static final JsonMapper INSTANCE = JsonMapper.builder().build();
  }
}
