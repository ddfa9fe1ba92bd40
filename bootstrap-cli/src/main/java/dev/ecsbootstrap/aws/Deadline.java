package dev.ecsbootstrap.aws;

import java.time.Duration;

/** One time budget for a whole run: every wait and every SDK call timeout is cut from it. */
public final class Deadline {
  private final long startNanos;
  private final long endNanos;

  private Deadline(long startNanos, Duration budget) {
    this.startNanos = startNanos;
    this.endNanos = startNanos + budget.toNanos();
  }

  public static Deadline after(Duration budget) {
    return new Deadline(System.nanoTime(), budget);
  }

  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
  }

  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /**
   * The smaller of {@code cap} and what is left, never below one millisecond (SDK timeouts must be
   * positive).
   */
  public Duration cap(Duration cap) {
    Duration left = remaining();
    Duration capped = left.compareTo(cap) < 0 ? left : cap;
    return capped.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : capped;
  }
}
