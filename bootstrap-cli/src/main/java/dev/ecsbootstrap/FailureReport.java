package dev.ecsbootstrap;

import java.util.ArrayList;
import java.util.List;

/**
 * How a failed run is reported: one compiler-style line per problem, then {@code ecs-bootstrap:
 * error: <message>}; or, with --json, one object. Our messages carry no values; an unexpected
 * exception's message is not shown at all, since we cannot know what it holds.
 */
public final class FailureReport {
  private final Exception failure;
  private final int exitCode;

  public FailureReport(Exception failure, int exitCode) {
    this.failure = failure;
    this.exitCode = exitCode;
  }

  public String message() {
    return failure instanceof BootstrapException bootstrap
        ? bootstrap.getMessage()
        : "internal error ("
            + failure.getClass().getName()
            + "); rerun with --verbose and report it";
  }

  /** The lines for stderr. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    if (failure instanceof BootstrapException bootstrap) {
      bootstrap.problems().forEach(problem -> lines.add(problem.render(bootstrap.source())));
    }
    lines.add("ecs-bootstrap: error: " + message());
    return lines;
  }

  /** The one object --json prints on failure: code, message, problems; never a value. */
  public String toJson() {
    return JsonText.object(
        json -> {
          json.writeStringField("status", "error");
          json.writeNumberField("exitCode", exitCode);
          json.writeStringField("error", message());
          json.writeArrayFieldStart("problems");
          if (failure instanceof BootstrapException bootstrap) {
            JsonText.problems(json, bootstrap.source(), bootstrap.problems());
          }
          json.writeEndArray();
        });
  }
}
