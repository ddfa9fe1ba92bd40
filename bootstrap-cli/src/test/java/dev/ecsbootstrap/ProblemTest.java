package dev.ecsbootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Problem builds every message from a compile-time constant template and {@link Name}s; Error Prone
 * rejects any other template at compile time, so these tests cover the filling.
 */
class ProblemTest {
  private static final String SOURCE = "s3://bucket/fragment.env";

  @Test
  void fillsEachSlotWithTheNextName() {
    Problem problem =
        Problem.error(3, "{}: set again (first on line {})", Name.number(9), Name.number(1));

    assertThat(problem.message()).isEqualTo("9: set again (first on line 1)");
    assertThat(problem.severity()).isEqualTo(Severity.ERROR);
    assertThat(problem.line()).isEqualTo(3);
    assertThat(problem.isError()).isTrue();
  }

  @Test
  void refusesATemplateWhoseSlotsDoNotMatchTheNames() {
    assertThatThrownBy(() -> Problem.error(1, "{} and {}", Name.number(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Problem.warning(1, "{}", Name.number(1), Name.number(2)))
        .isInstanceOf(IllegalArgumentException.class);
    // An unfilled slot at the very start of the template counts too.
    assertThatThrownBy(() -> Problem.error(1, "{}: set again"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("only 0 names for a template with more slots: {}: set again");
  }

  @Test
  void rendersCompilerStyle() {
    assertThat(Problem.error(3, "bad").render(SOURCE)).isEqualTo(SOURCE + ":3: error: bad");
    assertThat(Problem.warning(0, "odd").render(SOURCE)).isEqualTo(SOURCE + ": warning: odd");
  }

  @Test
  void isAValue() {
    assertThat(Problem.warning(2, "odd {}", Name.number(4)))
        .isEqualTo(Problem.warning(2, "odd 4"))
        .hasSameHashCodeAs(Problem.warning(2, "odd 4"))
        .isNotEqualTo(Problem.error(2, "odd 4"));
  }

  @Test
  void describesItselfForAssertionMessages() {
    assertThat(Problem.error(3, "{}: set again", Name.number(2)))
        .hasToString("Problem[severity=ERROR, line=3, message=2: set again]");
  }
}
