package dev.ecsbootstrap.ecsconfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A fragment that is valid by construction, and what it means: each key's value as the merge must
 * write it, in line order. Holds (fake) credentials: {@link #toString()} shows only keys.
 *
 * @param plainKeys the keys other than the auth pair whose values are plain text rather than JSON
 */
record ValidFragment(
    FragmentDraft draft,
    Map<String, String> settings,
    Optional<AuthData> auth,
    Set<String> plainKeys) {

  ValidFragment {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    plainKeys = Collections.unmodifiableSet(new LinkedHashSet<>(plainKeys));
  }

  byte[] bytes() {
    return draft.render();
  }

  @Override
  public String toString() {
    return "ValidFragment" + settings.keySet();
  }
}
