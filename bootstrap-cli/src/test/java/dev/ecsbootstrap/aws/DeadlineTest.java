package dev.ecsbootstrap.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  @Test
  void capIsTheCapWhileMoreThanItIsLeft() {
    assertThat(Deadline.after(Duration.ofHours(1)).cap(Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void capIsWhatIsLeftWhenThatIsLess() {
    Duration capped = Deadline.after(Duration.ofSeconds(30)).cap(Duration.ofHours(1));

    assertThat(capped)
        .isLessThanOrEqualTo(Duration.ofSeconds(30))
        .isGreaterThan(Duration.ofSeconds(20));
  }

  @Test
  void capNeverGoesBelowOneMillisecond() {
    assertThat(Deadline.after(Duration.ZERO).cap(Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofMillis(1));
    assertThat(Deadline.after(Duration.ofHours(1)).cap(Duration.ZERO))
        .isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void remainingCountsDownAndElapsedUp() throws InterruptedException {
    Deadline deadline = Deadline.after(Duration.ofHours(1));
    Thread.sleep(20);

    assertThat(deadline.remaining())
        .isLessThanOrEqualTo(Duration.ofHours(1).minusMillis(20))
        .isGreaterThan(Duration.ofMinutes(59));
    assertThat(deadline.elapsed())
        .isGreaterThanOrEqualTo(Duration.ofMillis(20))
        .isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void aSpentBudgetHasNothingLeft() {
    assertThat(Deadline.after(Duration.ZERO).remaining()).isZero();
  }
}
