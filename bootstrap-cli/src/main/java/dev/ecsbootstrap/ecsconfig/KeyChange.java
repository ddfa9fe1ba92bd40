package dev.ecsbootstrap.ecsconfig;

import java.util.Locale;

/** What merging did to one managed key. */
public record KeyChange(String key, Kind kind) {

  /** How a key fared in the merge. */
  public enum Kind {
    ADDED,
    REPLACED,
    UNCHANGED,
    /** Its lines were removed (the auth moved to the agent's JSON config file). */
    REMOVED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
