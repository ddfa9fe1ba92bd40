package dev.ecsbootstrap.ecsconfig;

import dev.ecsbootstrap.fragment.EngineAuthType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The value of ECS_ENGINE_AUTH_DATA as registries and their fields, so a defect can change one part
 * and render the JSON again. Holds (fake) credentials: {@link #toString()} shows only registries.
 *
 * @param spaced whether the JSON has a space after each ':' and ','
 */
record AuthData(EngineAuthType type, List<Entry> entries, boolean spaced) {

  AuthData {
    entries = List.copyOf(entries);
  }

  /** One registry and its fields, in the order they are written. */
  record Entry(String registry, Map<String, String> fields) {
    Entry {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    Entry withoutField(String name) {
      Map<String, String> edited = new LinkedHashMap<>(fields);
      edited.remove(name);
      return new Entry(registry, edited);
    }

    Entry withField(String name, String value) {
      Map<String, String> edited = new LinkedHashMap<>(fields);
      edited.put(name, value);
      return new Entry(registry, edited);
    }

    Entry withRegistryInUpperCase() {
      return withRegistry(registry.toUpperCase(Locale.ROOT));
    }

    Entry withRegistry(String edited) {
      return new Entry(edited, fields);
    }

    @Override
    public String toString() {
      return "Entry[" + registry + ", fields " + fields.keySet() + "]";
    }
  }

  AuthData withEntries(List<Entry> edited) {
    return new AuthData(type, edited, spaced);
  }

  /** The entries with the one at {@code index} replaced. */
  AuthData withEntry(int index, Entry entry) {
    List<Entry> edited = new ArrayList<>(entries);
    edited.set(index, entry);
    return withEntries(edited);
  }

  String json() {
    String colon = spaced ? ": " : ":";
    String comma = spaced ? ", " : ",";
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      json.append(i == 0 ? "" : comma).append(string(entry.registry())).append(colon).append('{');
      int field = 0;
      for (Map.Entry<String, String> pair : entry.fields().entrySet()) {
        json.append(field++ == 0 ? "" : comma)
            .append(string(pair.getKey()))
            .append(colon)
            .append(string(pair.getValue()));
      }
      json.append('}');
    }
    return json.append('}').toString();
  }

  private static String string(String text) {
    StringBuilder json = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"').toString();
  }

  @Override
  public String toString() {
    return "AuthData[" + type + ", " + entries + "]";
  }
}
