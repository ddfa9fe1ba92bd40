package dev.ecsbootstrap.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * External programs some tests need (shellcheck, cfn-lint, moto_server). .ci/run installs or
 * requires them.
 */
public final class Tools {
  private Tools() {}

  public static boolean onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
  }

  /** Skips the calling test, saying why and how to fix it, unless {@code command} is on PATH. */
  public static void assumeOnPath(String command, String installHint) {
    boolean present = onPath(command);
    if (!present) {
      System.out.println(command + " is not installed: skipped (" + installHint + ")");
    }
    Assumptions.assumeTrue(present, command + " is not installed");
  }
}
