package dev.ecsbootstrap.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class RetrierTest {
  private final List<String> retries = new ArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();

  private static RuntimeException refused(RuntimeException failure) {
    return BootstrapException.sourceRefused("refused", failure);
  }

  private static RuntimeException denied() {
    return S3Exception.builder()
        .statusCode(403)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build())
        .build();
  }

  private Retrier retrier(Duration timeout, Duration grace) {
    return new Retrier(Deadline.after(timeout), grace, retries::add);
  }

  /** Fails with {@code failure} the first {@code times} calls, then returns "ok". */
  private Supplier<String> failing(int times, RuntimeException failure) {
    return () -> {
      if (calls.incrementAndGet() <= times) {
        throw failure;
      }
      return "ok";
    };
  }

  @Test
  void retriesTransientFailuresUntilSuccess() {
    String result =
        retrier(Duration.ofSeconds(10), Duration.ZERO)
            .call(
                "op",
                failing(2, SdkClientException.create("connect timed out")),
                RetrierTest::refused);

    assertThat(result).isEqualTo("ok");
    assertThat(calls).hasValue(3);
    assertThat(retries)
        .hasSize(2)
        .allMatch(line -> line.startsWith("op: connect timed out; retrying in "));
  }

  @Test
  void retriesAccessDeniedOnlyDuringTheGrace() {
    assertThat(
            retrier(Duration.ofSeconds(10), Duration.ofSeconds(5))
                .call("op", failing(1, denied()), RetrierTest::refused))
        .isEqualTo("ok");

    calls.set(0);
    assertThatThrownBy(
            () ->
                retrier(Duration.ofSeconds(10), Duration.ZERO)
                    .call("op", failing(1, denied()), RetrierTest::refused))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED));
    assertThat(calls).hasValue(1);
  }

  @Test
  void neverRetriesPermanentFailures() {
    assertThatThrownBy(
            () ->
                retrier(Duration.ofSeconds(10), Duration.ofSeconds(5))
                    .call(
                        "op",
                        failing(5, BootstrapException.encryptionPolicy("not kms")),
                        RetrierTest::refused))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.ENCRYPTION_POLICY));
    assertThat(calls).hasValue(1);
  }

  @Test
  void givesUpWithDeadlineWhenTheBudgetIsSpent() {
    assertThatThrownBy(
            () ->
                retrier(Duration.ofMillis(600), Duration.ZERO)
                    .call(
                        "op",
                        failing(1000, SdkClientException.create("no route")),
                        RetrierTest::refused))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.DEADLINE);
              assertThat(e.getMessage())
                  .matches(
                      "op: still failing after " + calls.get() + " attempts in 0\\.\\ds: no route");
            });
    assertThat(calls.get()).isBetween(2, 6);
  }

  @Test
  void refusesPermanentServiceAnswersButLetsBugsThrough() {
    RuntimeException notFound = S3Exception.builder().statusCode(404).build();
    assertThatThrownBy(
            () ->
                retrier(Duration.ofSeconds(10), Duration.ZERO)
                    .call("op", failing(1, notFound), RetrierTest::refused))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED));

    calls.set(0);
    IllegalStateException bug = new IllegalStateException("bug");
    assertThatThrownBy(
            () ->
                retrier(Duration.ofSeconds(10), Duration.ZERO)
                    .call("op", failing(1, bug), RetrierTest::refused))
        .isSameAs(bug);
  }

  @Test
  void aSpentBudgetStillGetsOneAttempt() {
    assertThat(retrier(Duration.ZERO, Duration.ZERO).call("op", () -> "ok", RetrierTest::refused))
        .isEqualTo("ok");
  }

  @Test
  void waitsAtLeastTheAnnouncedBackoffBeforeTheNextAttempt() {
    List<Long> attemptNanos = new ArrayList<>();
    Supplier<String> failingOnce = failing(1, SdkClientException.create("connect timed out"));

    retrier(Duration.ofSeconds(10), Duration.ZERO)
        .call(
            "op",
            () -> {
              attemptNanos.add(System.nanoTime());
              return failingOnce.get();
            },
            RetrierTest::refused);

    long backoffMillis = announcedBackoffMillis().get(0);
    // Full jitter over the first ceiling (200 ms) never goes below half of it.
    assertThat(backoffMillis).isBetween(100L, 200L);
    assertThat(Duration.ofNanos(attemptNanos.get(1) - attemptNanos.get(0)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(backoffMillis));
  }

  @Test
  void theBackoffCeilingDoublesPerAttempt() {
    retrier(Duration.ofSeconds(10), Duration.ZERO)
        .call(
            "op", failing(3, SdkClientException.create("connect timed out")), RetrierTest::refused);

    List<Long> announced = announcedBackoffMillis();
    assertThat(announced.get(0)).isBetween(100L, 200L);
    assertThat(announced.get(1)).isBetween(200L, 400L);
    assertThat(announced.get(2)).isBetween(400L, 800L);
  }

  @Test
  void anInterruptedWaitEndsTheRunAndKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(
              () ->
                  retrier(Duration.ofSeconds(10), Duration.ZERO)
                      .call(
                          "op",
                          failing(1, SdkClientException.create("connect timed out")),
                          RetrierTest::refused))
          .isInstanceOfSatisfying(
              BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.DEADLINE))
          .hasMessage("interrupted while waiting to retry");
      // Whoever interrupted this thread (a shutdown) must still see it.
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  /** The backoff each retry message announces, in milliseconds. */
  private List<Long> announcedBackoffMillis() {
    Pattern announced = Pattern.compile(".*; retrying in (\\d+) ms");
    return retries.stream()
        .map(
            line -> {
              Matcher matcher = announced.matcher(line);
              assertThat(matcher.matches()).as("retry message %s", line).isTrue();
              return Long.parseLong(matcher.group(1));
            })
        .toList();
  }

  @Test
  void retriesUntilTheDeadlineNotSecondsBefore() {
    // Long enough for backoffs of seconds, which used to end the run when the next did not fit.
    Duration budget = Duration.ofSeconds(3);
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                retrier(budget, Duration.ZERO)
                    .call(
                        "op",
                        failing(Integer.MAX_VALUE, SdkClientException.create("connect timed out")),
                        RetrierTest::refused))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.DEADLINE));

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("the last attempt is made within %s of the deadline", Retrier.LAST_ATTEMPT)
        .isGreaterThanOrEqualTo(budget.minus(Retrier.LAST_ATTEMPT).minusMillis(50))
        .isLessThanOrEqualTo(budget.plusMillis(200));
  }

  @Test
  void accessDeniedThroughoutABudgetShorterThanTheGraceIsARefusal() {
    assertThatThrownBy(
            () ->
                retrier(Duration.ofMillis(800), Duration.ofSeconds(30))
                    .call("op", failing(Integer.MAX_VALUE, denied()), RetrierTest::refused))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED))
        .hasMessage("refused");
    assertThat(calls.get()).isGreaterThan(1);
  }

  @Test
  void accessDeniedAfterOtherFailuresStillEndsAsTheDeadline() {
    AtomicInteger attempt = new AtomicInteger();
    Supplier<String> throttledThenDenied =
        () -> {
          throw attempt.getAndIncrement() == 0
              ? SdkClientException.create("connect timed out")
              : denied();
        };

    assertThatThrownBy(
            () ->
                retrier(Duration.ofMillis(800), Duration.ofSeconds(30))
                    .call("op", throttledThenDenied, RetrierTest::refused))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.DEADLINE));
  }
}
