package dev.ecsbootstrap;

/**
 * Progress for the operator (stderr, cloud-init's log). Callers pass only sources, keys, registry
 * names and counts: never a value from a fragment.
 */
public interface Log {
  void info(String message);

  void warn(String message);

  void debug(String message);
}
