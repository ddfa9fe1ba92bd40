package dev.ecsbootstrap.testing.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A recording stand-in for a command such as {@code systemctl}, {@code docker} or the agent's run
 * script: an executable bash script that appends {@code NAME ARGS...} to a log, one line a call
 * (the format SimulatedInstance's stand-ins write, so both can share one log), then exits with a
 * chosen status, after an optional pause (to exceed a caller's timeout; the pause holds none of the
 * caller's pipes, so a caller that kills the stand-in is not kept waiting by it).
 */
public final class RecordingCommand {
  private final Path executable;
  private final Path log;
  private final String name;

  private RecordingCommand(Path executable, Path log, String name) {
    this.executable = executable;
    this.log = log;
    this.name = name;
  }

  /** A stand-in named {@code name} in {@code folder} that succeeds at once. */
  public static RecordingCommand create(Path folder, String name) {
    return create(folder, name, 0, Duration.ZERO);
  }

  /** A stand-in that records its call, sleeps for {@code pause}, then exits with {@code status}. */
  public static RecordingCommand create(Path folder, String name, int status, Duration pause) {
    Path executable = folder.resolve(name);
    Path log = folder.resolve(name + ".calls");
    String script =
        """
        #!/usr/bin/env bash
        echo "%s $*" >> '%s'
        sleep %s </dev/null >/dev/null 2>&1
        exit %d
        """
            .formatted(name, log, pause.toMillis() / 1000.0, status);
    try {
      Files.createDirectories(folder);
      Files.writeString(executable, script);
      Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RecordingCommand(executable, log, name);
  }

  /** The stand-in's path, to hand to the code under test. */
  public Path executable() {
    return executable;
  }

  public String name() {
    return name;
  }

  /** Each call so far as {@code NAME ARGS...}, in order; empty before the first. */
  public List<String> calls() {
    try {
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
