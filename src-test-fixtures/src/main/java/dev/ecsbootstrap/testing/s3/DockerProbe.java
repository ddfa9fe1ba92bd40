package dev.ecsbootstrap.testing.s3;

import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/** Asks Testcontainers, once, whether a Docker engine answers. */
final class DockerProbe {
  private static volatile Optional<String> reason;

  private DockerProbe() {}

  static synchronized Optional<String> unavailableReason() {
    if (reason == null) {
      boolean available;
      try {
        available = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        available = false;
      }
      reason =
          available
              ? Optional.empty()
              : Optional.of("no Docker engine answers (LocalStack needs one)");
    }
    return reason;
  }
}
