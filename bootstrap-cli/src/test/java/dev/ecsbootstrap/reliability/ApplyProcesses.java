package dev.ecsbootstrap.reliability;

import dev.ecsbootstrap.cli.ShadedJar;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import dev.ecsbootstrap.testing.imds.FakeImds;
import dev.ecsbootstrap.testing.s3.ObjectEncryption;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.S3Backends;
import dev.ecsbootstrap.testing.s3.TestKms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ecs-bootstrap apply} of the fat jar as real processes, against one S3 server and the IMDS
 * emulator: the processes can be killed, raced against each other and pointed at odd file systems.
 * JVM flags favour start-up (C1 only, serial GC, the CDS archive): the suite starts hundreds.
 */
final class ApplyProcesses implements AutoCloseable {
  private static final List<String> JVM_FLAGS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

  /**
   * A dynamic AppCDS archive of the classes a real apply loads (the SDK's mostly), written by the
   * first run that ends and mapped by every later one: start-up is most of a run.
   */
  private static final Path ARCHIVE =
      Path.of(
          System.getProperty("java.io.tmpdir"),
          "ecs-bootstrap-reliability-" + ProcessHandle.current().pid() + ".jsa");

  private static final AtomicBoolean ARCHIVING = new AtomicBoolean();
  private static volatile boolean archiveReady;

  static {
    // One archive per test JVM, removed when it ends.
    ARCHIVE.toFile().deleteOnExit();
  }

  private final S3Backend s3;
  private final FakeImds imds;
  private final String bucket;

  private ApplyProcesses(S3Backend s3, FakeImds imds, String bucket) {
    this.s3 = s3;
    this.imds = imds;
    this.bucket = bucket;
  }

  /** S3Mock by default; moto when the run selects only it ({@code -Ds3.backends=moto}). */
  static ApplyProcesses start() {
    S3Backends backend =
        S3Backends.S3MOCK.unavailableReason().isEmpty() ? S3Backends.S3MOCK : S3Backends.MOTO;
    S3Backend s3 = backend.shared();
    String bucket = "rel-" + UUID.randomUUID().toString().substring(0, 13);
    s3.createBucket(bucket);
    return new ApplyProcesses(s3, FakeImds.start().accountId(TestKms.ACCOUNT_ID), bucket);
  }

  /** Stores {@code body} as an SSE-KMS object and returns its s3:// URI. */
  String put(String key, byte[] body) {
    s3.put(bucket, key, body, ObjectEncryption.kms(TestKms.KEY_ARN));
    return "s3://" + bucket + "/" + key;
  }

  /** Starts {@code apply ARGS --ecs-config ecsConfig} without waiting for it. */
  Process start(Path ecsConfig, String... args) {
    return start(
        archiveReady ? List.of("-XX:SharedArchiveFile=" + ARCHIVE) : List.of(), ecsConfig, args);
  }

  private Process start(List<String> cdsFlags, Path ecsConfig, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.addAll(cdsFlags);
    command.addAll(List.of("-jar", ShadedJar.path().toString(), "apply"));
    command.addAll(List.of(args));
    command.addAll(List.of("--ecs-config", ecsConfig.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.clear();
    // Only what the test gives: no AWS keys or profiles of the machine running the tests.
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", System.getProperty("java.io.tmpdir"));
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
    env.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
    env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url().toString());
    env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start java", e);
    }
  }

  /** Runs apply to its end and returns what it printed. */
  CliResult run(Path ecsConfig, String... args) {
    boolean archives = !archiveReady && ARCHIVING.compareAndSet(false, true);
    Process process =
        archives
            ? start(List.of("-XX:ArchiveClassesAtExit=" + ARCHIVE), ecsConfig, args)
            : start(ecsConfig, args);
    CompletableFuture<String> out = CliRunner.readAll(process.getInputStream());
    CompletableFuture<String> err = CliRunner.readAll(process.getErrorStream());
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("apply did not end within 60 s:\n" + err.getNow(""));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (archives) {
      // Only a finished archive is mapped; a failed one is tried again by the next run.
      archiveReady = Files.isRegularFile(ARCHIVE);
      ARCHIVING.set(false);
    }
    return new CliResult(List.of(args), process.exitValue(), out.join(), err.join());
  }

  /** Kills {@code process} with SIGKILL (no shutdown hook, no finally) and waits for its end. */
  static void kill(Process process) {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("a SIGKILLed process did not end");
      }
      process.getInputStream().close();
      process.getErrorStream().close();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The temp files of AtomicFiles' pattern ({@code .<name>.<digits>.tmp}) beside {@code target}.
   */
  static List<Path> tempFiles(Path target) throws IOException {
    Pattern ours =
        Pattern.compile("\\." + Pattern.quote(target.getFileName().toString()) + "\\.[0-9]+\\.tmp");
    try (Stream<Path> files = Files.list(target.getParent())) {
      return files.filter(file -> ours.matcher(file.getFileName().toString()).matches()).toList();
    }
  }

  static String mode(Path file) throws IOException {
    return java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(file, java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  /** {@code uid 0}: tmpfs can be mounted. Empty when root; otherwise why not. */
  static Optional<String> notRoot() {
    try {
      Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      id.waitFor();
      return uid.equals("0") ? Optional.empty() : Optional.of("not root (uid " + uid + ")");
    } catch (IOException e) {
      return Optional.of("cannot run id -u: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Override
  public void close() {
    imds.close();
  }
}
