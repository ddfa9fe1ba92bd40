package dev.ecsbootstrap.testing.bench;

import dev.ecsbootstrap.testing.Samples;
import dev.ecsbootstrap.testing.Sha256;
import dev.ecsbootstrap.testing.imds.FakeImds;
import dev.ecsbootstrap.testing.s3.ObjectEncryption;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.S3MockBackend;
import dev.ecsbootstrap.testing.s3.StrictS3Front;
import dev.ecsbootstrap.testing.s3.TestKms;
import dev.ecsbootstrap.testing.tls.PrivateCa;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@code bench/run} times {@code apply} and {@code aws s3 cp} against: S3Mock holding one
 * SSE-KMS fragment, behind the strict S3 front over HTTPS (a certificate from a private CA, every
 * SigV4 signature checked), and the IMDSv2 emulator handing out the role credentials the front
 * accepts. Both commands fetch the same object with the same credentials over the same TLS.
 *
 * <p>{@link #main} writes {@code bench.env} (shell {@code KEY='value'} lines, see {@link
 * #variables()}) into the work directory once everything answers, then serves until its stdin
 * closes or it is killed. No secret is written: the role's keys live only in the emulator.
 */
public final class BenchEnvironment implements AutoCloseable {
  static final String BUCKET = "bench-config-bucket";
  static final String KEY = "ecs/registry-auth.env";
  static final String REGION = "us-east-1";
  static final String ENV_FILE = "bench.env";
  static final String BUNDLE_KEY = "bin/ecs-bootstrap-bundle-linux-x86_64.tar.gz";
  private static final String ROLE_KEY_ID = "ASIABENCHROLEACCESSKEY";
  private static final String ROLE_SECRET = "bench-role-secret-access-key";
  private static final String ROLE_TOKEN = "bench-role-session-token";

  private final Path directory;
  private final PrivateCa ca;
  private final S3Backend s3;
  private final boolean ownsBackend;
  private final StrictS3Front front;
  private final FakeImds imds;
  private final Path trustStore;
  private final int trustStoreCertificates;
  private final Path ecsConfigSeed;
  private final String objectSha256;
  private final Optional<String> bundleSha256;
  private final AtomicBoolean closed = new AtomicBoolean();

  private BenchEnvironment(Path directory, S3Backend s3, boolean ownsBackend, Optional<Path> bundle)
      throws IOException {
    this.directory = Files.createDirectories(directory);
    this.s3 = s3;
    this.ownsBackend = ownsBackend;
    this.ca = PrivateCa.create();
    byte[] fragment = Samples.dockercfgFragment();
    s3.createBucket(BUCKET);
    s3.put(BUCKET, KEY, fragment, ObjectEncryption.kms(TestKms.KEY_ARN));
    this.objectSha256 = Sha256.hex(fragment);
    // The boot bundle, for timing its provisioning as user data does it: stored as the jar is.
    byte[] bundleBytes = bundle.isPresent() ? Files.readAllBytes(bundle.get()) : null;
    if (bundleBytes != null) {
      s3.put(BUCKET, BUNDLE_KEY, bundleBytes, ObjectEncryption.kms(TestKms.KEY_ARN));
    }
    this.bundleSha256 = Optional.ofNullable(bundleBytes).map(Sha256::hex);
    // Both clients reach the front at an IP literal, so both address the bucket path-style.
    this.front =
        StrictS3Front.startHttps(
                s3.endpoint(),
                Map.of(ROLE_KEY_ID, ROLE_SECRET),
                ca.issueServerCertificate(List.of("127.0.0.1", "localhost")))
            .defaultRegion(REGION);
    this.imds =
        FakeImds.start()
            .region(REGION)
            .accountId(TestKms.ACCOUNT_ID)
            .credentials(ROLE_KEY_ID, ROLE_SECRET, ROLE_TOKEN);
    this.trustStore = directory.resolve("truststore.jks");
    this.trustStoreCertificates = JvmTrustStore.write(trustStore, ca.caCertificate());
    this.ecsConfigSeed = directory.resolve("ecs.config.seed");
    Files.write(ecsConfigSeed, Samples.existingEcsConfig());
  }

  /** Starts everything; files go into {@code directory}. */
  public static BenchEnvironment start(Path directory) throws IOException {
    return start(directory, Optional.empty());
  }

  /** As {@link #start(Path)}, with the boot bundle stored in the bucket too, when given. */
  public static BenchEnvironment start(Path directory, Optional<Path> bundle) throws IOException {
    return new BenchEnvironment(directory, S3MockBackend.start(), true, bundle);
  }

  /**
   * As {@link #start(Path)}, on an S3Mock that is already running (tests share one); not closed.
   */
  static BenchEnvironment start(Path directory, S3Backend runningS3Mock, Optional<Path> bundle)
      throws IOException {
    return new BenchEnvironment(directory, runningS3Mock, false, bundle);
  }

  /** The variables {@code bench.env} holds, in a stable order. */
  public Map<String, String> variables() {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("BENCH_S3_ENDPOINT", front.url().toString());
    variables.put("BENCH_IMDS_ENDPOINT", imds.url().toString());
    variables.put("BENCH_BUCKET", BUCKET);
    variables.put("BENCH_KEY", KEY);
    variables.put("BENCH_REGION", REGION);
    variables.put("BENCH_ACCOUNT_ID", TestKms.ACCOUNT_ID);
    variables.put("BENCH_KMS_KEY_ARN", TestKms.KEY_ARN);
    variables.put("BENCH_OBJECT_SHA256", objectSha256);
    variables.put("BENCH_REGISTRY", Samples.REGISTRY);
    variables.put("BENCH_ECS_CONFIG_SEED", ecsConfigSeed.toString());
    variables.put("BENCH_CA_PEM", ca.caCertificatePem().toString());
    variables.put("BENCH_TRUST_STORE", trustStore.toString());
    variables.put("BENCH_TRUST_STORE_TYPE", "JKS");
    // For tools that check the store; the JVM under test is not given it, as on an instance.
    variables.put("BENCH_TRUST_STORE_PASSWORD", JvmTrustStore.PASSWORD);
    variables.put("BENCH_TRUST_STORE_CERTIFICATES", Integer.toString(trustStoreCertificates));
    bundleSha256.ifPresent(
        digest -> {
          variables.put("BENCH_BUNDLE_KEY", BUNDLE_KEY);
          variables.put("BENCH_BUNDLE_SHA256", digest);
        });
    return variables;
  }

  /**
   * Writes {@code bench.env} atomically (a reader polling for it never sees half a file); returns
   * its path.
   */
  public Path writeEnvFile() throws IOException {
    StringBuilder text = new StringBuilder();
    variables()
        .forEach((name, value) -> text.append(name).append('=').append(quote(value)).append('\n'));
    Path target = directory.resolve(ENV_FILE);
    Path temporary = directory.resolve(ENV_FILE + ".tmp");
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  /** The front, to see what it accepted and refused. */
  public StrictS3Front front() {
    return front;
  }

  /** Requests the IMDS emulator answered. */
  public int imdsRequests() {
    return imds.requests().size();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    imds.close();
    front.close();
    if (ownsBackend) {
      s3.close();
    }
    ca.close();
  }

  /** A single-quoted shell word: {@code source} gives back exactly {@code value}. */
  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /**
   * {@code BenchEnvironment WORK_DIR}: starts, writes {@code WORK_DIR/bench.env}, serves until
   * stdin closes or the process is killed, then prints what the front saw.
   *
   * <p>{@code BenchEnvironment WORK_DIR -- COMMAND [ARG...]}: starts, runs COMMAND with the
   * variables of {@code bench.env} added to its environment, stops, and exits with COMMAND's status
   * (the bundle build trains its class archive this way).
   */
  public static void main(String... args) throws IOException, InterruptedException {
    List<String> arguments = List.of(args);
    int separator = arguments.indexOf("--");
    List<String> command =
        separator < 0 ? List.of() : arguments.subList(separator + 1, arguments.size());
    if ((separator < 0 ? arguments.size() : separator) != 1
        || (separator >= 0 && command.isEmpty())) {
      throw new IllegalArgumentException("usage: BenchEnvironment WORK_DIR [-- COMMAND [ARG...]]");
    }
    PrintStream console = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    // -Dbench.bundle=FILE: the boot bundle, stored for bench/run's provisioning runs.
    Optional<Path> bundle =
        Optional.ofNullable(System.getProperty("bench.bundle"))
            .filter(s -> !s.isEmpty())
            .map(Path::of);
    BenchEnvironment environment = start(Path.of(args[0]), bundle);
    Runtime.getRuntime().addShutdownHook(new Thread(environment::close, "bench-environment-stop"));
    Path envFile = environment.writeEnvFile();
    console.println("bench environment: ready, " + envFile);
    int status = command.isEmpty() ? serveUntilStdinCloses() : environment.run(command);
    StrictS3Front front = environment.front();
    console.println(
        "bench environment: S3 front accepted "
            + front.accepted().size()
            + " and refused "
            + front.refusals().size()
            + " requests; IMDS answered "
            + environment.imdsRequests());
    environment.close();
    if (status != 0) {
      System.exit(status);
    }
  }

  private static int serveUntilStdinCloses() throws IOException {
    try (InputStream in = System.in) {
      while (in.read() >= 0) {
        // Anything written is ignored; only the end of stdin matters.
      }
    }
    return 0;
  }

  /** Runs a command with this environment's variables, its output on this process's; its status. */
  int run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().putAll(variables());
    return builder.start().waitFor();
  }
}
