package dev.ecsbootstrap.aws;

import java.time.Duration;

/**
 * One time budget for a whole run: every wait and every SDK call timeout is cut from it. It also
 * remembers what the run is waiting for, so a run stopped at the deadline can say so.
 */
public final class Deadline {
  private final long startNanos;
  private final long endNanos;
  private final Duration budget;
  private volatile String activity = "a server";

  private Deadline(long startNanos, Duration budget) {
    this.startNanos = startNanos;
    this.endNanos = startNanos + budget.toNanos();
    this.budget = budget;
  }

  public static Deadline after(Duration budget) {
    return new Deadline(System.nanoTime(), budget);
  }

  /** The whole budget, as given. */
  public Duration budget() {
    return budget;
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

  /** Records what the run waits for now, e.g. {@code instance metadata (IMDS)}. */
  public void waitingFor(String what) {
    activity = what;
  }

  /** What the run was last waiting for. */
  public String activity() {
    return activity;
  }
}
