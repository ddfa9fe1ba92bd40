package dev.ecsbootstrap.ecsconfig;

/** What merging did to one managed key. */
public record KeyChange(String key, Kind kind) {

  /** How a key fared in the merge. */
  public enum Kind {
    ADDED,
    REPLACED,
    UNCHANGED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
