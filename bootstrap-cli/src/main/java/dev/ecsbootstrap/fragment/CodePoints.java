package dev.ecsbootstrap.fragment;

import java.util.function.IntPredicate;

/**
 * Strips code points from the ends of a text by a rule, for the readers of ecs.config that each
 * trim their own set: Go's white space ({@link GoWhiteSpace}), systemd's ASCII white space, or that
 * and the control characters the validator refuses.
 */
public final class CodePoints {

  private CodePoints() {}

  /** {@code text} without the code points at its start that {@code strip} accepts. */
  public static String stripLeading(String text, IntPredicate strip) {
    int start = 0;
    while (start < text.length() && strip.test(text.codePointAt(start))) {
      start += Character.charCount(text.codePointAt(start));
    }
    return text.substring(start);
  }

  /** {@code text} without the code points at its end that {@code strip} accepts. */
  public static String stripTrailing(String text, IntPredicate strip) {
    int end = text.length();
    while (end > 0 && strip.test(text.codePointBefore(end))) {
      end -= Character.charCount(text.codePointBefore(end));
    }
    return text.substring(0, end);
  }
}
