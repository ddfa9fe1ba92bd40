package dev.ecsbootstrap;

/** Errors stop the run (exit 3, nothing written); warnings are reported and the run goes on. */
public enum Severity {
  ERROR,
  WARNING;

  public String label() {
    return this == ERROR ? "error" : "warning";
  }
}
