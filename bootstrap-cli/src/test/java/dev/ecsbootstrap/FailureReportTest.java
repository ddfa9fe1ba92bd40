package dev.ecsbootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.Canary;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a failed run prints: the README's compiler-style lines on stderr, or with --json the one
 * object {@code {"status":"error","exitCode":N,"error":...,"problems":[...]}}; never a value.
 */
class FailureReportTest {
  private static final String SOURCE = "s3://bucket/fragment.env";
  private static final BootstrapException INVALID =
      BootstrapException.invalidContent(
          SOURCE,
          List.of(
              Problem.error(2, "{}: is not KEY=VALUE", Name.number(7)),
              Problem.warning(0, "sets no ECS_CLUSTER")));

  @Test
  void listsEveryProblemCompilerStyleThenTheError() {
    FailureReport report = new FailureReport(INVALID, ExitCode.INVALID_CONTENT.value());

    assertThat(report.lines())
        .containsExactly(
            SOURCE + ":2: error: 7: is not KEY=VALUE",
            SOURCE + ": warning: sets no ECS_CLUSTER",
            "ecs-bootstrap: error: " + SOURCE + ": 1 error; nothing was written");
  }

  @Test
  void writesTheProblemsAsJsonObjects() {
    FailureReport report = new FailureReport(INVALID, ExitCode.INVALID_CONTENT.value());

    assertThat(report.toJson())
        .isEqualTo(
            "{\"status\":\"error\",\"exitCode\":3,\"error\":\""
                + SOURCE
                + ": 1 error; nothing was written\",\"problems\":["
                + "{\"source\":\""
                + SOURCE
                + "\",\"line\":2,\"severity\":\"error\",\"message\":\"7: is not KEY=VALUE\"},"
                + "{\"source\":\""
                + SOURCE
                + "\",\"line\":0,\"severity\":\"warning\",\"message\":\"sets no ECS_CLUSTER\"}"
                + "]}");
  }

  @Test
  void aFailureWithoutProblemsIsOneLineAndAnEmptyProblemList() {
    BootstrapException conflict =
        BootstrapException.conflict("s3://bucket/fragment.env changed since --if-match", null);
    FailureReport report = new FailureReport(conflict, conflict.exitCode().value());

    assertThat(conflict.exitCode()).isEqualTo(ExitCode.CONFLICT);
    assertThat(report.lines())
        .containsExactly("ecs-bootstrap: error: s3://bucket/fragment.env changed since --if-match");
    assertThat(report.toJson())
        .isEqualTo(
            "{\"status\":\"error\",\"exitCode\":8,\"error\":\"s3://bucket/fragment.env changed"
                + " since --if-match\",\"problems\":[]}");
  }

  @Test
  void neverShowsTheMessageOfAnUnexpectedException() {
    // Its message could hold anything, a credential included; only the type is named.
    FailureReport report = new FailureReport(new IllegalStateException(Canary.SECRET), 1);

    String expected =
        "internal error (java.lang.IllegalStateException); rerun with --verbose and report it";
    assertThat(report.message()).isEqualTo(expected);
    assertThat(report.lines()).containsExactly("ecs-bootstrap: error: " + expected);
    assertThat(report.toJson())
        .isEqualTo(
            "{\"status\":\"error\",\"exitCode\":1,\"error\":\"" + expected + "\",\"problems\":[]}");
    for (String secret : Canary.forms()) {
      assertThat(report.toJson()).doesNotContain(secret);
      assertThat(String.join("\n", report.lines())).doesNotContain(secret);
    }
  }
}
