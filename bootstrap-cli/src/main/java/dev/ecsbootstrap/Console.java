package dev.ecsbootstrap;

import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Results on stdout, and progress lines on stderr in the eks-ami log format with a level, made for
 * grep in cloud-init-output.log: {@code 2026-05-01T12:00:00+0000 [ecs-bootstrap] INFO fetched
 * s3://bucket/key (612 bytes)}. Callers pass only sources, keys, registry names and counts: never a
 * value from a fragment.
 */
public final class Console implements Log {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean verbose;
  private final boolean quiet;

  /**
   * @param quiet drop INFO lines (a machine-readable summary replaces them); warnings stay
   */
  public Console(PrintWriter out, PrintWriter err, boolean verbose, boolean quiet) {
    this.out = out;
    this.err = err;
    this.verbose = verbose;
    this.quiet = quiet;
    SdkLogging.route(verbose);
  }

  @Override
  public void info(String message) {
    if (!quiet) {
      log("INFO", message);
    }
  }

  @Override
  public void warn(String message) {
    log("WARN", message);
  }

  @Override
  public void debug(String message) {
    if (verbose) {
      log("DEBUG", message);
    }
  }

  /** A result line on stdout (diffs, JSON): what a caller may pipe or parse. */
  public void result(String line) {
    out.println(line);
    out.flush();
  }

  private void log(String level, String message) {
    err.println(
        ZonedDateTime.now(ZoneOffset.UTC).format(TIME)
            + " [ecs-bootstrap] "
            + level
            + " "
            + message);
    err.flush();
  }
}
