package dev.ecsbootstrap.testing.s3;

import dev.ecsbootstrap.testing.Tools;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The S3 servers a test run can use, each started at most once per JVM (on first use) and stopped
 * at exit. A backend whose prerequisite is missing reports why, so tests can skip it with that
 * reason.
 */
public enum S3Backends {
  S3MOCK,
  MOTO,
  LOCALSTACK;

  private static final Map<S3Backends, S3Backend> STARTED = new EnumMap<>(S3Backends.class);

  /**
   * {@value #SELECTION}: a comma-separated subset of the backends to run, e.g. {@code moto} for the
   * mutation run, which replays the suite once per mutant and needs only one strict server.
   */
  public static final String SELECTION = "s3.backends";

  /** Empty when this backend can run here; otherwise the reason it cannot. */
  public Optional<String> unavailableReason() {
    String selection = System.getProperty(SELECTION, "");
    if (!selection.isBlank() && !Arrays.asList(selection.split(",", -1)).contains(displayName())) {
      return Optional.of("not in -D" + SELECTION + "=" + selection);
    }
    return switch (this) {
      case S3MOCK ->
          Files.isRegularFile(S3MockBackend.jar())
              ? Optional.empty()
              : Optional.of("S3Mock jar not found at " + S3MockBackend.jar());
      case MOTO ->
          Tools.onPath("moto_server")
              ? Optional.empty()
              : Optional.of("moto_server is not on PATH (pip install 'moto[server]')");
      case LOCALSTACK -> DockerProbe.unavailableReason();
    };
  }

  /**
   * The shared server, or a skipped test (JUnit assumption) that prints why this backend cannot run
   * here, e.g. no Docker engine for LocalStack.
   */
  public S3Backend sharedOrSkip(String testName) {
    Optional<String> unavailable = unavailableReason();
    unavailable.ifPresent(
        reason -> System.out.println(testName + "[" + displayName() + "] skipped: " + reason));
    Assumptions.assumeTrue(
        unavailable.isEmpty(), () -> displayName() + ": " + unavailable.orElseThrow());
    return shared();
  }

  /** The shared running server, started on first call. */
  public S3Backend shared() {
    synchronized (STARTED) {
      return STARTED.computeIfAbsent(
          this,
          backend -> {
            S3Backend started = backend.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, name() + "-shutdown"));
            return started;
          });
    }
  }

  private S3Backend start() {
    return switch (this) {
      case S3MOCK -> S3MockBackend.start();
      case MOTO -> MotoBackend.start();
      case LOCALSTACK -> LocalStackBackend.start();
    };
  }

  public String displayName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
