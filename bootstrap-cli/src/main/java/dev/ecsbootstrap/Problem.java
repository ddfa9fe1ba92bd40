package dev.ecsbootstrap;

import com.google.errorprone.annotations.CompileTimeConstant;
import java.util.Objects;

/**
 * One finding about an input, located by line (1-based; 0 when it concerns the whole input).
 *
 * <p>This is the one place problem messages are built, and it is built so that no message can carry
 * text from the input: the message is a template that must be a compile-time constant (Error
 * Prone's CompileTimeConstant check fails the build otherwise, e.g. for {@code "..." + key}), and
 * each {@code {}} in it is filled with a {@link Name}, whose factories show only known names and
 * registry hosts and describe anything else by shape or position. That is what keeps every report
 * free of credentials, including a secret written where a key was expected.
 */
public final class Problem {
  private static final String SLOT = "{}";

  private final Severity severity;
  private final int line;
  private final String message;

  private Problem(Severity severity, int line, String message) {
    this.severity = severity;
    this.line = line;
    this.message = message;
  }

  /**
   * An error at {@code line}: {@code template} with each {@code {}} replaced by the next of {@code
   * names}.
   */
  public static Problem error(int line, @CompileTimeConstant String template, Name... names) {
    return new Problem(Severity.ERROR, line, fill(template, names));
  }

  /**
   * A warning at {@code line}: {@code template} with each {@code {}} replaced by the next of {@code
   * names}.
   */
  public static Problem warning(int line, @CompileTimeConstant String template, Name... names) {
    return new Problem(Severity.WARNING, line, fill(template, names));
  }

  private static String fill(String template, Name... names) {
    StringBuilder message = new StringBuilder(template.length() + 16 * names.length);
    int from = 0;
    for (Name name : names) {
      int slot = template.indexOf(SLOT, from);
      if (slot < 0) {
        throw new IllegalArgumentException(
            names.length + " names for a template with fewer slots: " + template);
      }
      message.append(template, from, slot).append(Objects.requireNonNull(name));
      from = slot + SLOT.length();
    }
    if (template.indexOf(SLOT, from) >= 0) {
      throw new IllegalArgumentException(
          "only " + names.length + " names for a template with more slots: " + template);
    }
    return message.append(template, from, template.length()).toString();
  }

  public Severity severity() {
    return severity;
  }

  public int line() {
    return line;
  }

  public String message() {
    return message;
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** Compiler style: {@code s3://bucket/key:3: error: message}. */
  public String render(String source) {
    String where = line > 0 ? source + ":" + line : source;
    return where + ": " + severity.label() + ": " + message;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Problem that
        && severity == that.severity
        && line == that.line
        && message.equals(that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(severity, line, message);
  }

  @Override
  public String toString() {
    return "Problem[severity=" + severity + ", line=" + line + ", message=" + message + "]";
  }
}
