package dev.ecsbootstrap;

/**
 * One finding about a fragment, located by line (1-based; 0 when it concerns the whole input). The
 * message names keys, registries and JSON paths, never a value: that is what keeps every report
 * free of credentials.
 */
public record Problem(Severity severity, int line, String message) {

  public static Problem error(int line, String message) {
    return new Problem(Severity.ERROR, line, message);
  }

  public static Problem warning(int line, String message) {
    return new Problem(Severity.WARNING, line, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** Compiler style: {@code s3://bucket/key:3: error: message}. */
  public String render(String source) {
    String where = line > 0 ? source + ":" + line : source;
    return where + ": " + severity.label() + ": " + message;
  }
}
