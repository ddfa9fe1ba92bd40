package dev.ecsbootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.cli.Main;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import dev.ecsbootstrap.testing.faults.FaultyProxy;
import dev.ecsbootstrap.testing.imds.FakeImds;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.S3Backends;
import dev.ecsbootstrap.testing.s3.TestKms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Issue 11's fault matrix: {@code apply} run in-process through {@link Main#run} against S3Mock
 * behind {@link FaultyProxy} and the IMDS emulator, one row per fault. A fault that clears inside
 * {@code --timeout} ends in success; one that does not ends with the documented exit code within
 * {@code --timeout} plus 2 s, the target unchanged (bytes and mode). Times are scaled down (faults
 * of about a second, timeouts of 0.5-3 s) so the whole matrix stays cheap; a row expected to
 * succeed gets 8 s, which costs nothing (it ends when the fault clears) and leaves a slow CI
 * machine room for the first run's class loading.
 */
class FaultMatrixIT {
  private static final String BUCKET = "fault-matrix";
  private static final String KEY = "ecs/registry-auth.env";
  private static final Duration SLACK = Duration.ofSeconds(2);
  private static final Duration CLEARS = Duration.ofSeconds(1);
  private static final ExitCode OK = ExitCode.OK;
  private static final String IDENTITY = "/latest/dynamic/instance-identity/document";

  private static S3Backend s3;

  @TempDir Path directory;
  private FakeImds imds;
  private FaultyProxy proxy;
  private Path ecsConfig;
  private byte[] original;

  /** What a row arranges before apply runs: the emulator's and the proxy's faults. */
  record Fault(
      String name,
      BiConsumer<FakeImds, FaultyProxy> arrange,
      Duration timeout,
      List<String> extraArgs,
      ExitCode expected) {
    @Override
    public String toString() {
      return name + " -> exit " + expected.value();
    }
  }

  private static Fault fault(
      String name, BiConsumer<FakeImds, FaultyProxy> arrange, String timeout, ExitCode expected) {
    Duration budget =
        timeout.endsWith("ms")
            ? Duration.ofMillis(Long.parseLong(timeout.substring(0, timeout.length() - 2)))
            : Duration.ofSeconds(Long.parseLong(timeout.substring(0, timeout.length() - 1)));
    return new Fault(name, arrange, budget, List.of(), expected);
  }

  static Stream<Fault> faults() {
    Duration forever = Duration.ofMinutes(10);
    return Stream.of(
        fault("S3 503 SlowDown for 1s", (i, p) -> p.failFor(CLEARS, 503, "SlowDown"), "8s", OK),
        fault("S3 500 for 1s", (i, p) -> p.failFor(CLEARS, 500, "InternalError"), "8s", OK),
        fault("S3 429 for 1s", (i, p) -> p.failFor(CLEARS, 429, "TooManyRequests"), "8s", OK),
        fault(
            "S3 503 throughout",
            (i, p) -> p.failFor(forever, 503, "SlowDown"),
            "2s",
            ExitCode.DEADLINE),
        fault(
            "S3 reset before the response, 3 times", (i, p) -> p.closeBeforeResponse(3), "8s", OK),
        fault("S3 reset during the body, twice", (i, p) -> p.closeDuringBody(2), "8s", OK),
        fault("S3 body shorter than Content-Length, twice", (i, p) -> p.shortBody(2), "8s", OK),
        fault("S3 checksum mismatch once", (i, p) -> p.corruptBody(1), "8s", OK),
        fault(
            "S3 checksum mismatch throughout",
            (i, p) -> p.corruptBody(Integer.MAX_VALUE),
            "2s",
            ExitCode.DEADLINE),
        fault("S3 latency 1s", (i, p) -> p.latency(CLEARS), "8s", OK),
        fault(
            "S3 latency 5s (beyond the timeout)",
            (i, p) -> p.latency(Duration.ofSeconds(5)),
            "2s",
            ExitCode.DEADLINE),
        fault("S3 accepts and never answers", (i, p) -> p.hang(), "2s", ExitCode.DEADLINE),
        fault(
            "S3 drip-feeds the body (1 byte per 500ms)",
            (i, p) -> p.dripFeed(Duration.ofMillis(500)),
            "3s",
            ExitCode.DEADLINE),
        new Fault(
            "S3 AccessDenied for 1s, then allowed",
            (i, p) -> p.denyAccessFor(CLEARS),
            Duration.ofSeconds(8),
            List.of("--access-denied-grace", "20s"),
            OK),
        new Fault(
            "S3 AccessDenied throughout, --timeout shorter than the grace",
            (i, p) -> p.denyAccessFor(forever),
            Duration.ofSeconds(2),
            List.of("--access-denied-grace", "30s"),
            ExitCode.SOURCE_REFUSED),
        fault("IMDS down (connection refused)", (i, p) -> i.close(), "2s", ExitCode.DEADLINE),
        fault("IMDS hangs", (i, p) -> i.hang(), "500ms", ExitCode.DEADLINE),
        fault(
            "IMDS drip-feeds (1 byte per 2s)",
            (i, p) -> i.dripFeed(Duration.ofSeconds(2)),
            "3s",
            ExitCode.DEADLINE),
        fault("IMDS token 403", (i, p) -> i.tokenStatus(403), "3s", ExitCode.SOURCE_REFUSED),
        fault("IMDS token 405", (i, p) -> i.tokenStatus(405), "3s", ExitCode.SOURCE_REFUSED),
        fault(
            "IMDS role credentials 404 for 1s",
            (i, p) -> i.credentialsAvailableAfter(CLEARS),
            "8s",
            OK),
        fault(
            "IMDS identity document 500 for 1s",
            (i, p) -> i.failPathFor(IDENTITY, 500, CLEARS),
            "8s",
            OK),
        fault(
            "IMDS identity document 500 throughout",
            (i, p) -> i.failPathFor(IDENTITY, 500, forever),
            "2s",
            ExitCode.DEADLINE),
        fault(
            "IMDS identity document 404",
            (i, p) -> i.failPathFor(IDENTITY, 404, forever),
            "3s",
            ExitCode.SOURCE_REFUSED));
  }

  @BeforeAll
  static void seed() {
    s3 = S3Backends.S3MOCK.sharedOrSkip("FaultMatrixIT");
    s3.createBucket(BUCKET);
    // With a stored SHA-256, as publish stores it: the checksum rows need one to mismatch.
    s3.client()
        .putObject(
            request ->
                request
                    .bucket(BUCKET)
                    .key(KEY)
                    .serverSideEncryption(ServerSideEncryption.AWS_KMS)
                    .ssekmsKeyId(s3.kmsKeyReference(TestKms.KEY_ARN))
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256),
            RequestBody.fromBytes(Samples.dockercfgFragment()));
  }

  @BeforeEach
  void start() throws IOException {
    imds = FakeImds.start().accountId(TestKms.ACCOUNT_ID);
    proxy = FaultyProxy.start(s3.endpoint());
    ecsConfig = directory.resolve("ecs.config");
    original = Samples.existingEcsConfig();
    Files.write(ecsConfig, original);
    Files.setPosixFilePermissions(ecsConfig, PosixFilePermissions.fromString("rw-r-----"));
  }

  @AfterEach
  void stop() {
    imds.close();
    proxy.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void applyEndsAsDocumentedWithinTheTimeout(Fault fault) throws IOException {
    fault.arrange().accept(imds, proxy);
    List<String> args =
        new ArrayList<>(
            List.of(
                "apply",
                "s3://" + BUCKET + "/" + KEY,
                "--ecs-config",
                ecsConfig.toString(),
                "--timeout",
                fault.timeout().toMillis() + "ms"));
    args.addAll(fault.extraArgs());
    Map<String, String> environment = new HashMap<>();
    environment.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url().toString());
    environment.put("AWS_ENDPOINT_URL_S3", proxy.url().toString());

    long start = System.nanoTime();
    CliResult result =
        assertTimeoutPreemptively(
            fault.timeout().plus(SLACK).plusSeconds(10),
            () -> CliRunner.run(Main::run, environment, args.toArray(String[]::new)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    result.assertNoSecretLeak("fake-imds-secret-access-key", "fake-imds-session-token");
    assertThat(result.exitCode())
        .as("exit code; stderr:%n%s", result.err())
        .isEqualTo(fault.expected().value());
    if (fault.expected() == OK) {
      assertThat(Files.readString(ecsConfig)).contains("ECS_ENGINE_AUTH_DATA=");
      return;
    }
    assertThat(took)
        .as("ended within --timeout + 2 s")
        .isLessThanOrEqualTo(fault.timeout().plus(SLACK));
    assertThat(Files.readAllBytes(ecsConfig)).as("target bytes unchanged").isEqualTo(original);
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(ecsConfig);
    assertThat(PosixFilePermissions.toString(mode))
        .as("target mode unchanged")
        .isEqualTo("rw-r-----");
    assertThat(result.err()).doesNotContain(Canary.SECRET);
  }

  /**
   * publish's faults: where it waits on a server (credentials from IMDS, the PUT), the same one
   * deadline stops it. Credentials come from the instance role, as when publishing from a CI
   * instance, so a hanging IMDS is in its path.
   */
  static Stream<Fault> publishFaults() {
    return Stream.of(
        fault("publish: S3 503 for 1s", (i, p) -> p.failFor(CLEARS, 503, "SlowDown"), "8s", OK),
        fault("publish: S3 accepts and never answers", (i, p) -> p.hang(), "2s", ExitCode.DEADLINE),
        fault(
            "publish: IMDS hangs (role credentials)", (i, p) -> i.hang(), "1s", ExitCode.DEADLINE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishFaults")
  void publishEndsAsDocumentedWithinTheTimeout(Fault fault) {
    fault.arrange().accept(imds, proxy);
    Map<String, String> environment = new HashMap<>();
    environment.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url().toString());
    environment.put("AWS_ENDPOINT_URL_S3", proxy.url().toString());
    environment.put("AWS_REGION", "us-east-1");
    String[] args = {
      "publish",
      "--to",
      "s3://" + BUCKET + "/ecs/published.env",
      "--kms-key-id",
      s3.kmsKeyReference(TestKms.KEY_ARN),
      "--registry",
      "registry.example.com",
      "--username",
      Canary.USERNAME,
      "--password-stdin",
      "--timeout",
      fault.timeout().toMillis() + "ms"
    };

    long start = System.nanoTime();
    CliResult result =
        assertTimeoutPreemptively(
            fault.timeout().plus(SLACK).plusSeconds(10),
            () ->
                CliRunner.run(
                    Main::run,
                    (Canary.SECRET + "\n").getBytes(StandardCharsets.UTF_8),
                    environment,
                    args));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    result.assertNoSecretLeak("fake-imds-secret-access-key", "fake-imds-session-token");
    assertThat(result.exitCode())
        .as("exit code; stderr:%n%s", result.err())
        .isEqualTo(fault.expected().value());
    if (fault.expected() != OK) {
      assertThat(took)
          .as("ended within --timeout + 2 s")
          .isLessThanOrEqualTo(fault.timeout().plus(SLACK));
    }
  }
}
