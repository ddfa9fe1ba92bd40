package dev.ecsbootstrap.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The fat jar the build produced; integration tests run it as a process. */
public final class ShadedJar {
  private ShadedJar() {}

  public static Path path() {
    String configured = System.getProperty("ecs-bootstrap.jar");
    Path jar = Path.of(configured != null ? configured : "target/ecs-bootstrap.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: integration tests run after 'mvn package'");
    }
    return jar;
  }
}
