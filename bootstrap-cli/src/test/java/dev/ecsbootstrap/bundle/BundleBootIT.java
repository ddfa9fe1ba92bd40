package dev.ecsbootstrap.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.AgentView;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import dev.ecsbootstrap.testing.Shellcheck;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import dev.ecsbootstrap.testing.s3.ObjectEncryption;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.S3Backends;
import dev.ecsbootstrap.testing.s3.TestKms;
import dev.ecsbootstrap.userdata.SimulatedInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ECS-optimized templates boot with the bundle (its runtime, its jar, its AOT cache) on the
 * simulated instance of SimulatedBootIT, and fall back to Corretto where the bundle cannot serve.
 * The bundle (about 40 MB) is put into S3 once for the class, on the first S3 backend selected
 * (-Ds3.backends): each instance's own bucket holds the fragment and the jar, as usual.
 */
class BundleBootIT {
  private static final Path BUNDLE =
      Path.of(
          System.getProperty(
              "ecs-bootstrap.bundle", "target/ecs-bootstrap-bundle-linux-x86_64.tar.gz"));
  private static final String KEY = "bin/ecs-bootstrap-bundle-linux-x86_64.tar.gz";
  private static final String STALE_CACHE_KEY = "bin/bundle-with-a-stale-cache.tar.gz";

  private static S3Backend s3;
  private static String bundleBucket;
  private static String bundleSha256;
  private static String staleCacheSha256;
  private static String jarSha256;

  @TempDir Path root;
  private SimulatedInstance instance;

  /** The bundle, and a copy whose AOT cache is not the one its runtime and jar made. */
  @BeforeAll
  static void putTheBundles(@TempDir Path work) throws IOException, InterruptedException {
    assertThat(BUNDLE).as("mvn -Pbundle package builds it").isRegularFile();
    S3Backends backend =
        Arrays.stream(S3Backends.values())
            .filter(candidate -> candidate.unavailableReason().isEmpty())
            .findFirst()
            .orElse(S3Backends.S3MOCK);
    s3 = backend.sharedOrSkip("BundleBootIT");
    bundleBucket = "bundles-" + UUID.randomUUID().toString().substring(0, 13);
    s3.createBucket(bundleBucket);
    s3.put(bundleBucket, KEY, Files.readAllBytes(BUNDLE), ObjectEncryption.kms(TestKms.KEY_ARN));
    bundleSha256 = SimulatedInstance.sha256(BUNDLE);
    jarSha256 = SimulatedInstance.sha256(SimulatedInstance.JAR);
    Path stale = withAStaleCache(work);
    s3.put(
        bundleBucket,
        STALE_CACHE_KEY,
        Files.readAllBytes(stale),
        ObjectEncryption.kms(TestKms.KEY_ARN));
    staleCacheSha256 = SimulatedInstance.sha256(stale);
  }

  /** The bundle repacked with the first half of its cache: the JVM must refuse that cache. */
  private static Path withAStaleCache(Path work) throws IOException, InterruptedException {
    Path tarball = work.resolve("stale.tar.gz");
    String script =
        """
        set -o errexit
        tar -xzf "$1" -C "$2"
        aot="$2/ecs-bootstrap/ecs-bootstrap.aot"
        truncate --size=$(( $(stat -c %s "$aot") / 2 )) "$aot"
        tar -czf "$3" -C "$2" ecs-bootstrap
        """;
    Process tar =
        new ProcessBuilder(
                "bash",
                "-c",
                script,
                "repack",
                BUNDLE.toString(),
                work.toString(),
                tarball.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).as("repacked").isZero();
    return tarball;
  }

  @BeforeEach
  void startInstance() throws IOException {
    instance = SimulatedInstance.start(s3, root);
  }

  @AfterEach
  void stop() {
    if (instance != null) {
      instance.close();
    }
  }

  private String render(String template, String key, String sha256) {
    return instance.render(
        template,
        jarSha256,
        "--bundle",
        "s3://" + bundleBucket + "/" + key,
        "--bundle-sha256",
        sha256);
  }

  /** The environment's java fails if anything calls it: only the bundle's runtime may run. */
  private Map<String, String> noJava() throws IOException {
    Path java =
        instance.executable(
            "java-not-to-run",
            """
            #!/usr/bin/env bash
            echo "java $*" >> "$STAND_IN_CALLS"
            exit 97
            """);
    return Map.of("ECS_BOOTSTRAP_JAVA", java.toString());
  }

  /** No java at first, as on the AMIs: installing Corretto (the dnf/yum stand-in) links one. */
  private Map<String, String> javaToInstall() {
    Path java = instance.standIns().resolve("java");
    return Map.of("ECS_BOOTSTRAP_JAVA", java.toString(), "STAND_IN_JAVA_LINK", java.toString());
  }

  private long gets(String key) {
    return instance.front().accepted().stream()
        .filter(request -> request.method().equals("GET") && request.path().endsWith("/" + key))
        .count();
  }

  private Path aotLog() {
    return root.resolve("opt/ecs-bootstrap/aot.log");
  }

  private void assertCredentialsWritten() throws IOException {
    assertThat(AgentView.credentials(instance.ecsConfig(), Samples.REGISTRY))
        .containsExactly(Canary.USERNAME, Canary.SECRET);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"al2023", "al2"})
  void appliesWithTheBundlesRuntimeAndItsAotCacheWithoutInstallingOrFetchingTheJar(String template)
      throws IOException {
    CliResult boot = instance.boot(render(template, KEY, bundleSha256), noJava()).assertExit(0);

    assertCredentialsWritten();
    assertThat(boot.err())
        .contains("apply with the bundled runtime (AOT cache used)")
        .doesNotContain("Corretto")
        .doesNotContain("ERROR");
    assertThat(aotLog()).content().contains("Using AOT-linked classes: true");
    assertThat(instance.recordedCalls()).as("no package installed, no java run").isEmpty();
    assertThat(gets("bin/ecs-bootstrap.jar")).as("the bundle's digest pins its jar").isZero();
    assertThat(gets(KEY)).isOne();
    assertThat(instance.front().refusals()).isEmpty();
  }

  @Test
  void aRerunWithTheSameDigestReusesTheUnpackedBundle() throws IOException {
    String userData = render("al2023", KEY, bundleSha256);
    instance.boot(userData, noJava()).assertExit(0);

    CliResult rerun = instance.boot(userData, noJava()).assertExit(0);

    assertThat(gets(KEY)).as("one bundle GET in all").isOne();
    assertThat(rerun.err())
        .contains("already in")
        .contains("apply with the bundled runtime (AOT cache used)")
        .contains("unchanged");
    assertCredentialsWritten();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"al2023", "al2"})
  void aBundleThatIsNotThereFallsBackToCorrettoWithoutAnError(String template) throws IOException {
    String expectedInstall =
        template.equals("al2")
            ? "yum install -y java-17-amazon-corretto-headless"
            : "dnf install -y java-21-amazon-corretto-headless";

    CliResult boot =
        instance
            .boot(render(template, "bin/no-such-bundle.tar.gz", bundleSha256), javaToInstall())
            .assertExit(0);

    assertThat(instance.recordedCalls()).containsExactly(expectedInstall);
    assertThat(boot.err())
        .contains("no bundle (bundle not found): apply runs with Corretto")
        .contains("(Corretto; bundle not found)")
        .doesNotContain("ERROR");
    assertThat(gets("bin/ecs-bootstrap.jar")).isOne();
    assertCredentialsWritten();
  }

  @Test
  void anArm64InstanceTakesCorrettoWithoutAskingForTheBundle() throws IOException {
    instance.executable(
        "uname",
        """
        #!/usr/bin/env bash
        [[ $1 == -m ]] && echo aarch64
        """);

    CliResult boot =
        instance.boot(render("al2023", KEY, bundleSha256), javaToInstall()).assertExit(0);

    assertThat(instance.recordedCalls())
        .containsExactly("dnf install -y java-21-amazon-corretto-headless");
    assertThat(boot.err()).contains("(Corretto; not x86_64)");
    assertThat(gets(KEY)).isZero();
    assertCredentialsWritten();
  }

  @Test
  void aWrongBundleDigestStopsTheBootAndChangesNothing() throws IOException {
    byte[] before = Files.readAllBytes(instance.ecsConfig());

    CliResult boot = instance.boot(render("al2023", KEY, "0".repeat(64)), noJava());

    assertThat(boot.exitCode()).isNotZero();
    assertThat(boot.err()).contains("SHA-256 mismatch").contains("refusing to run it");
    assertThat(Files.readAllBytes(instance.ecsConfig())).isEqualTo(before);
    assertThat(root.resolve("opt/ecs-bootstrap/bundle")).doesNotExist();
    assertThat(root.resolve("opt/ecs-bootstrap/bundle.tar.gz")).doesNotExist();
    assertThat(instance.recordedCalls())
        .as("nothing installed or run; powered off for replacement")
        .containsExactly("systemctl poweroff --no-block");
  }

  @Test
  void aCacheThatDoesNotMatchIsIgnoredAndTheBootSucceeds() throws IOException {
    CliResult boot =
        instance.boot(render("al2023", STALE_CACHE_KEY, staleCacheSha256), noJava()).assertExit(0);

    assertThat(boot.err())
        .contains("apply with the bundled runtime (AOT cache not used; see " + aotLog() + ")");
    assertThat(aotLog()).content().doesNotContain("Using AOT-linked classes: true");
    assertThat(instance.recordedCalls()).isEmpty();
    assertCredentialsWritten();
  }

  @Test
  void theRenderedUserDataWithTheBundleIsShellcheckClean() throws IOException {
    Path script = Files.writeString(root.resolve("al2.sh"), render("al2", KEY, bundleSha256));

    Shellcheck.assertClean(List.of(script));
  }

  /** render-userdata refuses one of the pair, as it does a jar without its digest. */
  @Test
  void theBundleNeedsItsDigest() {
    CliResult rendered =
        CliRunner.runJar(
            SimulatedInstance.JAR,
            Map.of(),
            SimulatedInstance.TIMEOUT,
            "render-userdata",
            "--config",
            "s3://cfg-bucket/k",
            "--jar",
            "s3://cfg-bucket/j.jar",
            "--jar-sha256",
            "a".repeat(64),
            "--bundle",
            "s3://cfg-bucket/bundle.tar.gz");

    rendered.assertExit(2);
    assertThat(rendered.err()).contains("--bundle and --bundle-sha256 go together");
  }
}
