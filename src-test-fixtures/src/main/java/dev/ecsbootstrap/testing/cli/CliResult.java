package dev.ecsbootstrap.testing.cli;

import dev.ecsbootstrap.testing.Canary;
import java.util.ArrayList;
import java.util.List;

/**
 * Exit code and output of one CLI run; assertion failures quote them (the output is already ours to
 * show).
 */
public record CliResult(List<String> args, int exitCode, String out, String err) {

  public CliResult {
    args = List.copyOf(args);
  }

  /** Fails unless the run ended with {@code expected}. */
  public CliResult assertExit(int expected) {
    if (exitCode != expected) {
      throw new AssertionError("expected exit " + expected + " but got " + exitCode + "\n" + this);
    }
    return this;
  }

  /**
   * Fails if any spelling of the {@link Canary} secret, or of {@code extraSecrets}, was printed.
   */
  public CliResult assertNoSecretLeak(String... extraSecrets) {
    List<String> secrets = new ArrayList<>(Canary.forms());
    secrets.addAll(List.of(extraSecrets));
    for (String secret : secrets) {
      if (out.contains(secret) || err.contains(secret)) {
        // Do not quote the output: it holds the secret, and this message lands in test reports.
        throw new AssertionError(
            "a secret was printed ("
                + (out.contains(secret) ? "stdout" : "stderr")
                + ", secret #"
                + secrets.indexOf(secret)
                + ") by: "
                + String.join(" ", args));
      }
    }
    return this;
  }

  @Override
  public String toString() {
    return "args: "
        + String.join(" ", args)
        + "\n--- exit "
        + exitCode
        + "\n--- stdout\n"
        + out
        + "--- stderr\n"
        + err;
  }
}
