package dev.ecsbootstrap.aws;

import dev.ecsbootstrap.BootstrapException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Bounds a whole use case by its {@link Deadline}: the work runs on a worker thread, and when the
 * deadline passes the caller gets exit 6 while the worker is interrupted and abandoned (a daemon,
 * so it cannot keep the process alive). Socket timeouts cannot catch a server that drip-feeds its
 * answer, and the SDK's credential providers keep timeouts of their own; this catches both.
 *
 * <p>A change that has begun must not be cut in half: the work calls {@link Commit#begin()} just
 * before it writes, and from then on the watchdog lets it finish.
 */
public final class Watchdog {
  /**
   * After the deadline, how long the worker may still take to end by itself: its own failure names
   * the cause better than the watchdog can.
   */
  static final Duration GRACE = Duration.ofMillis(500);

  /** The point of no return inside the work. */
  @FunctionalInterface
  public interface Commit {
    /**
     * Marks the start of the write; throws the deadline failure (exit 6) instead when the watchdog
     * has already given up on the run.
     */
    void begin();
  }

  private enum State {
    RUNNING,
    COMMITTING,
    ABANDONED
  }

  private Watchdog() {}

  /**
   * Runs {@code work} on a worker and returns its result, or throws its failure, or throws exit 6
   * when {@code deadline} (plus {@link #GRACE}) passes before the work has begun to commit.
   *
   * @param command the command's name, for the message
   */
  public static <T> T run(String command, Deadline deadline, Function<Commit, T> work) {
    return run(command, "nothing was written", deadline, work);
  }

  /**
   * {@link #run(String, Deadline, Function)}, saying {@code outcome} of a stopped run: what it left
   * behind, for work whose stop is not always before any change.
   */
  public static <T> T run(
      String command, String outcome, Deadline deadline, Function<Commit, T> work) {
    AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    Commit commit =
        () -> {
          if (!state.compareAndSet(State.RUNNING, State.COMMITTING)) {
            throw stopped(command, outcome, deadline);
          }
        };
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                result.complete(work.apply(commit));
              } catch (Throwable failure) { // NOPMD: handed to the caller's thread whole
                result.completeExceptionally(failure);
              }
            },
            command + "-worker");
    worker.setDaemon(true);
    worker.start();
    try {
      return outcome(result, deadline.remaining().plus(GRACE));
    } catch (TimeoutException expired) {
      if (state.compareAndSet(State.RUNNING, State.ABANDONED)) {
        worker.interrupt();
        throw stopped(command, outcome, deadline);
      }
      // The write has begun: a half-done change is worse than a late exit.
      try {
        return outcome(result, null);
      } catch (TimeoutException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  /** The work's result or failure, waiting up to {@code wait}, or without limit when null. */
  private static <T> T outcome(CompletableFuture<T> result, Duration wait) throws TimeoutException {
    try {
      return wait == null ? result.get() : result.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException failed) {
      Throwable cause = failed.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BootstrapException.deadline("interrupted while waiting for the run to end", e);
    }
  }

  private static BootstrapException stopped(String command, String outcome, Deadline deadline) {
    return BootstrapException.deadline(
        command
            + " stopped at --timeout ("
            + Retrier.seconds(deadline.budget())
            + ") while waiting for "
            + deadline.activity()
            + ", which did not answer in time; "
            + outcome,
        null);
  }
}
