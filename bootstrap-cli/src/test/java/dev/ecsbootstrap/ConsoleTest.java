package dev.ecsbootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Progress lines in the eks-ami format on stderr, results on stdout. The streams are buffered
 * writers that never flush by themselves, so each assertion also shows that a line reaches the
 * stream at once (a crash must not swallow the last lines of cloud-init-output.log).
 */
class ConsoleTest {
  private static final String STAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+0000";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Console console(boolean verbose, boolean quiet) {
    return new Console(
        new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)),
        new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8)),
        verbose,
        quiet);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void writesLevelledLinesWithAUtcTimestampToStderr() {
    Console console = console(false, false);

    console.info("fetched s3://bucket/key (612 bytes)");
    console.warn("ECS_CLUSTR: the ECS agent does not read it");

    assertThat(err().lines())
        .satisfiesExactly(
            line ->
                assertThat(line)
                    .matches(
                        STAMP + " \\[ecs-bootstrap] INFO fetched s3://bucket/key \\(612 bytes\\)"),
            line ->
                assertThat(line)
                    .matches(
                        STAMP
                            + " \\[ecs-bootstrap] WARN ECS_CLUSTR: the ECS agent does not read it"));
    assertThat(out()).isEmpty();
  }

  @Test
  void quietDropsInfoButKeepsWarnings() {
    Console console = console(false, true);

    console.info("fetched s3://bucket/key");
    console.warn("ECS_CLUSTR: the ECS agent does not read it");

    assertThat(err().lines())
        .singleElement()
        .asString()
        .matches(STAMP + " \\[ecs-bootstrap] WARN ECS_CLUSTR: the ECS agent does not read it");
  }

  @Test
  void showsDebugLinesOnlyWhenVerbose() {
    console(false, false).debug("retrying s3://bucket/key");
    assertThat(err()).isEmpty();

    console(true, false).debug("retrying s3://bucket/key");
    assertThat(err().lines())
        .singleElement()
        .asString()
        .matches(STAMP + " \\[ecs-bootstrap] DEBUG retrying s3://bucket/key");
  }

  @Test
  void writesResultsToStdoutAsTheyAre() {
    Console console = console(false, true);

    console.result("{\"valid\":true,\"problems\":[]}");
    console.result("--- /etc/ecs/ecs.config");

    assertThat(out()).isEqualTo("{\"valid\":true,\"problems\":[]}\n--- /etc/ecs/ecs.config\n");
    assertThat(err()).isEmpty();
  }
}
