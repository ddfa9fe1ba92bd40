package dev.ecsbootstrap.fragment;

import dev.ecsbootstrap.Problem;
import java.util.List;
import java.util.Optional;

/**
 * A validated set of ecs.config settings, in source order, with the warnings found on the way and
 * the registries its auth data names, for printing: each as written when it is a registry host,
 * else as its position in the JSON object ({@code #2}), by {@link RegistryNames#display}, since a
 * key can hold anything. Credentials stay inside the settings.
 */
public record Fragment(
    String source, List<Setting> settings, List<Problem> warnings, List<String> registries) {

  public Fragment {
    settings = List.copyOf(settings);
    warnings = List.copyOf(warnings);
    registries = List.copyOf(registries);
  }

  public Optional<Setting> setting(String key) {
    return settings.stream().filter(setting -> setting.key().equals(key)).findFirst();
  }
}
