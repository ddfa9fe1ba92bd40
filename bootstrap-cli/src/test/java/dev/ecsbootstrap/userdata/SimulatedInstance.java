package dev.ecsbootstrap.userdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import dev.ecsbootstrap.testing.Sha256;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import dev.ecsbootstrap.testing.imds.FakeImds;
import dev.ecsbootstrap.testing.s3.ObjectEncryption;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.StrictS3Front;
import dev.ecsbootstrap.testing.s3.TestKms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One simulated instance for booting rendered user data with bash, as cloud-init would: role
 * credentials from the IMDSv2 emulator, the fragment and the jar from an S3 server behind a {@link
 * StrictS3Front} (which checks every request's SigV4 signature, payload digest and signed headers,
 * as S3 does, for the script's curl and apply's SDK alike), the package managers, systemctl and
 * docker replaced by stand-ins that record their calls, every path under a test root.
 */
public final class SimulatedInstance implements AutoCloseable {
  public static final Duration TIMEOUT = Duration.ofMinutes(2);
  public static final Path JAR =
      Path.of(System.getProperty("ecs-bootstrap.jar", "target/ecs-bootstrap.jar"));
  public static final String ROLE_KEY_ID = "ASIAFAKEIMDSACCESSKEY";
  public static final String ROLE_SECRET = "fake-imds-secret-access-key";
  private static final String ROLE_TOKEN = "fake-imds-session-token";

  private final S3Backend s3;
  private final Path root;
  private final StrictS3Front front;
  private final FakeImds imds;
  private final Path standIns;
  private final Path calls;
  private final Path ecsConfig;
  private String bucket;

  private SimulatedInstance(S3Backend s3, Path root) throws IOException {
    this.s3 = s3;
    this.root = root;
    useBucket("boot-" + UUID.randomUUID().toString().substring(0, 13));
    front = StrictS3Front.start(s3.endpoint(), Map.of(ROLE_KEY_ID, ROLE_SECRET));
    imds = FakeImds.start().accountId(TestKms.ACCOUNT_ID);
    standIns = Files.createDirectories(root.resolve("stand-ins"));
    calls = root.resolve("calls.log");
    for (String command : List.of("dnf", "yum", "systemctl", "docker", "sysctl", "iptables")) {
      standIn(command);
    }
    ecsConfig = root.resolve("etc/ecs/ecs.config");
    Files.createDirectories(ecsConfig.getParent());
    Files.write(ecsConfig, Samples.existingEcsConfig());
  }

  /** An instance under root whose bucket on s3 holds the fragment and the jar. */
  public static SimulatedInstance start(S3Backend s3, Path root) throws IOException {
    return new SimulatedInstance(s3, root);
  }

  /** Makes a new bucket with the fragment and the jar, both under SSE-KMS, the one to render. */
  public void useBucket(String name) throws IOException {
    s3.createBucket(name);
    s3.put(
        name, "ecs/auth.env", Samples.dockercfgFragment(), ObjectEncryption.kms(TestKms.KEY_ARN));
    s3.put(
        name,
        "bin/ecs-bootstrap.jar",
        Files.readAllBytes(JAR),
        ObjectEncryption.kms(TestKms.KEY_ARN));
    bucket = name;
  }

  @Override
  public void close() {
    imds.close();
    front.close();
  }

  public S3Backend s3() {
    return s3;
  }

  public String bucket() {
    return bucket;
  }

  public StrictS3Front front() {
    return front;
  }

  public Path root() {
    return root;
  }

  public Path standIns() {
    return standIns;
  }

  public Path calls() {
    return calls;
  }

  public Path ecsConfig() {
    return ecsConfig;
  }

  /** Where the docker-agent template installs the script that (re)creates the agent container. */
  public Path agentRunScript() {
    return root.resolve("usr/local/libexec/ecs-bootstrap/run-ecs-agent");
  }

  /**
   * A stand-in that records its call. "Installing" links the real java where the test asked; {@code
   * docker inspect} finds the container once one was run.
   */
  private void standIn(String command) throws IOException {
    executable(
        command,
        """
        #!/usr/bin/env bash
        echo "%s $*" >> "$STAND_IN_CALLS"
        if [[ $1 == install && -n ${STAND_IN_JAVA_LINK:-} ]]; then ln -sf "$REAL_JAVA" "$STAND_IN_JAVA_LINK"; fi
        if [[ $0 == */docker && $1 == inspect ]]; then grep -q '^docker run' "$STAND_IN_CALLS"; fi
        """
            .formatted(command));
  }

  /** Writes an executable script into the stand-ins folder, which comes first on the PATH. */
  public Path executable(String name, String script) throws IOException {
    Path file = standIns.resolve(name);
    Files.writeString(file, script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  /** User data rendered by the fat jar for this bucket; it holds no secret. */
  public String render(String template, String jarSha256, String... extraFlags) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "render-userdata",
                "--template",
                template,
                "--config",
                "s3://" + bucket + "/ecs/auth.env",
                "--jar",
                "s3://" + bucket + "/bin/ecs-bootstrap.jar",
                "--jar-sha256",
                jarSha256,
                "--kms-key-id",
                s3.kmsKeyReference(TestKms.KEY_ARN)));
    arguments.addAll(List.of(extraFlags));
    CliResult rendered =
        CliRunner.runJar(JAR, Map.of(), TIMEOUT, arguments.toArray(String[]::new)).assertExit(0);
    for (String secret : Canary.forms()) {
      assertThat(rendered.out()).as("rendered user data holds no secret").doesNotContain(secret);
    }
    return rendered.out();
  }

  /** Runs the user data with bash, as root would at boot, with the extra environment given. */
  public CliResult boot(String userData, Map<String, String> extra) throws IOException {
    Path script = Files.writeString(root.resolve("user-data.sh"), userData);
    Map<String, String> environment = new HashMap<>();
    environment.put("PATH", standIns + ":" + System.getenv("PATH"));
    environment.put("IMDS_ENDPOINT", imds.url().toString());
    environment.put("S3_ENDPOINT", front.url().toString());
    environment.put("ECS_CONFIG_FILE", ecsConfig.toString());
    environment.put("ECS_BOOTSTRAP_HOME", root.resolve("opt/ecs-bootstrap").toString());
    environment.put("ECS_BOOTSTRAP_RETRIES", "3");
    environment.put("ECS_AGENT_LOG_DIR", root.resolve("var/log/ecs").toString());
    environment.put("ECS_AGENT_DATA_DIR", root.resolve("var/lib/ecs/data").toString());
    environment.put("STAND_IN_CALLS", calls.toString());
    environment.put("SYSCTL_DIR", root.resolve("etc/sysctl.d").toString());
    environment.put("SYSTEMD_UNIT_DIR", root.resolve("etc/systemd/system").toString());
    environment.put("ECS_AGENT_RUN_SCRIPT", agentRunScript().toString());
    environment.put(
        "ECS_BOOTSTRAP_STATE_FILE", root.resolve("var/lib/ecs-bootstrap/state.json").toString());
    environment.put(
        "REAL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    environment.putAll(extra);
    CliResult result =
        CliRunner.runProcess(List.of("bash", script.toString()), new byte[0], environment, TIMEOUT);
    if (!front.refusals().isEmpty()) {
      // What S3 would have refused, to read next to the boot's own log.
      System.out.println("strict S3 front refused: " + front.refusals());
    }
    return result.assertNoSecretLeak(ROLE_SECRET, ROLE_TOKEN);
  }

  public List<String> recordedCalls() throws IOException {
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  public static String sha256(Path file) throws IOException {
    return Sha256.hex(Files.readAllBytes(file));
  }
}
