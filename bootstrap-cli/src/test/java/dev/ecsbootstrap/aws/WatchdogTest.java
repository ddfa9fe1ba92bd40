package dev.ecsbootstrap.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WatchdogTest {

  @Test
  void returnsTheWorksResult() {
    String result = Watchdog.run("test", Deadline.after(Duration.ofSeconds(5)), commit -> "done");

    assertThat(result).isEqualTo("done");
  }

  @Test
  void rethrowsTheWorksOwnFailure() {
    BootstrapException refused = BootstrapException.sourceRefused("refused", null);

    assertThatThrownBy(
            () ->
                Watchdog.run(
                    "test",
                    Deadline.after(Duration.ofSeconds(5)),
                    commit -> {
                      throw refused;
                    }))
        .isSameAs(refused);
  }

  @Test
  void stopsWorkThatOutlastsTheDeadlineWithExit6NamingWhatItWaitedFor() {
    Deadline deadline = Deadline.after(Duration.ofMillis(200));
    deadline.waitingFor("instance metadata (IMDS)");
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                Watchdog.run(
                    "apply",
                    deadline,
                    commit -> {
                      // Like a read from a server that drip-feeds: deaf to the interrupt.
                      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                      while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                      }
                      return "too late";
                    }))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.DEADLINE))
        .hasMessage(
            "apply stopped at --timeout (0.2s) while waiting for instance metadata (IMDS), which"
                + " did not answer in time; nothing was written");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(Duration.ofMillis(200).plus(Watchdog.GRACE).plusMillis(500));
  }

  @Test
  void anAbandonedRunCannotBeginItsWrite() throws InterruptedException {
    CountDownLatch abandoned = new CountDownLatch(1);
    CountDownLatch tried = new CountDownLatch(1);
    AtomicBoolean wrote = new AtomicBoolean();

    assertThatThrownBy(
            () ->
                Watchdog.run(
                    "apply",
                    Deadline.after(Duration.ofMillis(100)),
                    commit -> {
                      try {
                        abandoned.await(5, TimeUnit.SECONDS);
                      } catch (InterruptedException stopped) {
                        // The watchdog's interrupt: carry on as an unaware worker would.
                      }
                      try {
                        commit.begin();
                        wrote.set(true);
                      } finally {
                        tried.countDown();
                      }
                      return "written";
                    }))
        .isInstanceOf(BootstrapException.class);
    abandoned.countDown();

    assertThat(tried.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(wrote).isFalse();
  }

  @Test
  void aWriteThatHasBegunIsLetFinishPastTheDeadline() {
    String result =
        Watchdog.run(
            "apply",
            Deadline.after(Duration.ofMillis(100)),
            commit -> {
              commit.begin();
              sleep(Duration.ofMillis(100).plus(Watchdog.GRACE).plusMillis(300));
              return "written";
            });

    assertThat(result).isEqualTo("written");
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      throw new AssertionError("a committing worker must not be interrupted", e);
    }
  }
}
