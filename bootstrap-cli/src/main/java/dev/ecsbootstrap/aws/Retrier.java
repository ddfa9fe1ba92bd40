package dev.ecsbootstrap.aws;

import dev.ecsbootstrap.BootstrapException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Retries one operation with equal-jitter exponential backoff (half the delay fixed, half random)
 * inside the run's {@link Deadline}. The SDK's own retries are switched off so this is the only
 * retry policy: one budget, one place to read it.
 */
public final class Retrier {
  private static final Duration BASE = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /**
   * The least time worth a last attempt: a backoff that would leave less is cut short so the last
   * attempt still fits, and the run does not give up seconds before its deadline.
   */
  static final Duration LAST_ATTEMPT = Duration.ofMillis(250);

  private static final Duration MIN_BACKOFF = Duration.ofMillis(10);

  private final Deadline deadline;
  private final Duration accessDeniedGrace;
  private final Consumer<String> onRetry;

  public Retrier(Deadline deadline, Duration accessDeniedGrace, Consumer<String> onRetry) {
    this.deadline = deadline;
    this.accessDeniedGrace = accessDeniedGrace;
    this.onRetry = onRetry;
  }

  public Deadline deadline() {
    return deadline;
  }

  /**
   * Runs {@code operation} until it succeeds, fails permanently, or the budget is gone.
   *
   * @param refused turns a final access-denied or permanent failure into the exception to throw
   */
  public <T> T call(
      String what, Supplier<T> operation, Function<RuntimeException, RuntimeException> refused) {
    return call(
        what,
        operation,
        refused,
        (tried, failure) ->
            BootstrapException.deadline(stillFailing(what, tried, failure), failure));
  }

  /** The default message when transient failures outlast the budget. */
  public static String stillFailing(String what, String tried, RuntimeException lastFailure) {
    return what + ": still failing after " + tried + ": " + Failures.describe(lastFailure);
  }

  /** What to throw when transient failures outlast the budget. */
  @FunctionalInterface
  public interface Exhausted {
    /**
     * @param tried how many attempts in how long, e.g. {@code 5 attempts in 2.7s}
     * @param lastFailure the last attempt's failure
     */
    RuntimeException after(String tried, RuntimeException lastFailure);
  }

  /**
   * As {@link #call(String, Supplier, Function)}, with {@code exhausted} building the exception
   * thrown when the budget is spent.
   */
  public <T> T call(
      String what,
      Supplier<T> operation,
      Function<RuntimeException, RuntimeException> refused,
      Exhausted exhausted) {
    long graceEndsNanos = System.nanoTime() + accessDeniedGrace.toNanos();
    boolean onlyDenied = true;
    for (int attempt = 0; ; attempt++) {
      try {
        deadline.waitingFor(what);
        return operation.get();
      } catch (RuntimeException failure) {
        FailureKind kind = FailureKind.of(failure);
        if (kind == FailureKind.PERMANENT) {
          // Only a service's answer is a refusal; anything else permanent is our bug (exit 1).
          throw failure instanceof SdkServiceException ? refused.apply(failure) : failure;
        }
        onlyDenied &= kind == FailureKind.ACCESS_DENIED;
        Duration backoff = backoff(attempt);
        boolean inGrace = System.nanoTime() + backoff.toNanos() < graceEndsNanos;
        if (kind == FailureKind.ACCESS_DENIED && !inGrace) {
          throw refused.apply(failure);
        }
        Duration left = deadline.remaining().minus(LAST_ATTEMPT);
        if (left.compareTo(backoff) < 0) {
          backoff = left;
        }
        // Less than a few milliseconds left before the last attempt's slot: that was the last one.
        if (backoff.compareTo(MIN_BACKOFF) < 0) {
          if (onlyDenied) {
            // A refusal that never changed during the whole run is the cause, not the clock.
            throw refused.apply(failure);
          }
          throw exhausted.after(
              (attempt + 1) + " attempts in " + seconds(deadline.elapsed()), failure);
        }
        onRetry.accept(
            what
                + ": "
                + Failures.describe(failure)
                + "; retrying in "
                + backoff.toMillis()
                + " ms");
        sleep(backoff);
      }
    }
  }

  private static Duration backoff(int attempt) {
    long ceiling = Math.min(MAX_BACKOFF.toMillis(), BASE.toMillis() << Math.min(attempt, 10));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BootstrapException.deadline("interrupted while waiting to retry", e);
    }
  }
}
