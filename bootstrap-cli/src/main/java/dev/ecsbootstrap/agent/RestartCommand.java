package dev.ecsbootstrap.agent;

import dev.ecsbootstrap.BootstrapException;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the one command that restarts the agent, bounded in time, and turns every way it can fail
 * into {@link BootstrapException#agentRestartFailed}, naming the command and its exit status. Its
 * stderr is ours (the journal, under the timer); its stdout, a container id at most, is dropped so
 * that apply's own output (--json) stays parseable.
 */
final class RestartCommand {
  private final List<String> command;
  private final Duration timeout;

  RestartCommand(List<String> command, Duration timeout) {
    this.command = List.copyOf(command);
    this.timeout = timeout;
  }

  /** The command as an operator would type it; it holds paths and fixed words only. */
  String display() {
    return String.join(" ", command);
  }

  void run() {
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectInput(Redirect.from(new File("/dev/null")))
              .redirectOutput(Redirect.DISCARD)
              .redirectError(Redirect.INHERIT)
              .start();
    } catch (IOException e) {
      throw failed("could not start `" + display() + "`", e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stop(process);
        throw failed(
            "`" + display() + "` did not finish within " + readable(timeout) + "; stopped it",
            null);
      }
    } catch (InterruptedException e) {
      stop(process);
      Thread.currentThread().interrupt();
      throw failed("interrupted while `" + display() + "` ran", e);
    }
    int status = process.exitValue();
    if (status != 0) {
      throw failed("`" + display() + "` exited with status " + status, null);
    }
  }

  /** The command and what it started (a script's docker, say), so nothing outlives the run. */
  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static String readable(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  private static BootstrapException failed(String what, Throwable cause) {
    return BootstrapException.agentRestartFailed(
        "could not restart the ECS agent: " + what + "; the restart stays pending", cause);
  }
}
