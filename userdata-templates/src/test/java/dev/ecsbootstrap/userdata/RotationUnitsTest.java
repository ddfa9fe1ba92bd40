package dev.ecsbootstrap.userdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The units lib/rotation.sh installs, from the library as user data runs it (sourced after
 * lib/bootstrap.sh, with render-userdata's variables set) and a {@code systemctl} stand-in that
 * records its calls. Where systemd-analyze is on the PATH, systemd itself checks the units.
 */
class RotationUnitsTest {
  private static final Path DIRECTORY =
      Path.of(System.getProperty("userdata.dir", "src/main/userdata"));
  private static final String JVM_FLAGS =
      "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms16m -Xmx64m -XX:MetaspaceSize=64m"
          + " -XX:-UsePerfData";

  @TempDir Path root;
  private Path units;
  private Path home;
  private Path calls;
  private final Map<String, String> environment = new HashMap<>();

  @BeforeEach
  void prepare() throws IOException {
    Path bin = Files.createDirectories(root.resolve("bin"));
    Path systemctl =
        Files.writeString(
            bin.resolve("systemctl"), "#!/usr/bin/env bash\necho \"systemctl $*\" >> \"$CALLS\"\n");
    Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    units = root.resolve("etc/systemd/system");
    home = root.resolve("opt/ecs-bootstrap");
    calls = root.resolve("calls.log");
    // The bundle's runtime as the boot unpacked it: systemd-analyze checks it is executable.
    Path bundleJava = home.resolve("bundle/ecs-bootstrap/runtime/bin/java");
    Files.createDirectories(bundleJava.getParent());
    Files.copy(systemctl, bundleJava);
    Files.writeString(root.resolve("machine-id"), "0123456789abcdef0123456789abcdef\n");
    environment.put("PATH", bin + ":" + System.getenv("PATH"));
    environment.put("CALLS", calls.toString());
    environment.put("SYSTEMD_UNIT_DIR", units.toString());
    environment.put("MACHINE_ID_FILE", root.resolve("machine-id").toString());
    environment.put("ECS_BOOTSTRAP_HOME", home.toString());
    environment.put("ECS_BOOTSTRAP_STATE_FILE", root.resolve("var/lib/state.json").toString());
    environment.put("ECS_CONFIG_FILE", "/etc/ecs/ecs.config");
    environment.put("IMDS_ENDPOINT", "http://169.254.169.254");
    environment.put(
        "ECS_BOOTSTRAP_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    environment.put("ECS_BOOTSTRAP_CONFIG_URIS", "s3://cfg-bucket/a.env s3://cfg-bucket/b.env");
    environment.put(
        "ECS_BOOTSTRAP_APPLY_FLAGS",
        "--kms-key-id 1234abcd-12ab-34cd-56ef-1234567890ab --cluster prod");
    environment.put("ECS_BOOTSTRAP_ROTATION_SECONDS", "3600");
  }

  /** Sources the libraries as the rendered user data has them, then installs the units. */
  private CliResult install(String... arguments) throws IOException {
    Path driver =
        Files.writeString(
            root.resolve("driver.sh"),
            """
            set -o errexit -o nounset -o pipefail
            source "$1"
            source "$2"
            shift 2
            rotation::install "$@"
            """);
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                driver.toString(),
                DIRECTORY.resolve("lib/bootstrap.sh").toString(),
                DIRECTORY.resolve("lib/rotation.sh").toString()));
    command.addAll(List.of(arguments));
    return CliRunner.runProcess(command, new byte[0], environment, Duration.ofSeconds(30));
  }

  private String service() throws IOException {
    return Files.readString(units.resolve("ecs-bootstrap-rotate.service"));
  }

  private String timer() throws IOException {
    return Files.readString(units.resolve("ecs-bootstrap-rotate.timer"));
  }

  private static String execStart(String unit) {
    return unit.lines().filter(line -> line.startsWith("ExecStart=")).findFirst().orElseThrow();
  }

  @Test
  void withTheBundleRunsItsRuntimeWithTheAotCacheFromInsideItsFolder() throws IOException {
    install("bundle").assertExit(0);

    Path bundle = home.resolve("bundle/ecs-bootstrap");
    assertThat(service())
        .contains("\nWorkingDirectory=" + bundle + "\n")
        .contains("\nType=oneshot\n")
        .contains("\nAfter=cloud-final.service ecs.service\n")
        .as("a failure stays a failure, with apply's exit code, and is not retried")
        .doesNotContain("Restart=")
        .doesNotContain("SuccessExitStatus")
        .doesNotContain("ExecStart=-")
        .doesNotContain("RemainAfterExit");
    assertThat(execStart(service()))
        .isEqualTo(
            "ExecStart="
                + bundle
                + "/runtime/bin/java -XX:AOTCache=ecs-bootstrap.aot "
                + JVM_FLAGS
                + " -jar ecs-bootstrap.jar apply s3://cfg-bucket/a.env s3://cfg-bucket/b.env"
                + " --ecs-config /etc/ecs/ecs.config --kms-key-id"
                + " 1234abcd-12ab-34cd-56ef-1234567890ab --cluster prod --restart-agent"
                + " --state-file "
                + root.resolve("var/lib/state.json"));
    assertThat(root.resolve("var/lib")).as("the state file's folder").isDirectory();
  }

  @Test
  void withCorrettoRunsTheJavaTheBootRanWithTheFetchedJar() throws IOException {
    install("corretto", "--agent-run-script", "/opt/ecs-bootstrap/run-agent.sh").assertExit(0);

    assertThat(service()).contains("\nWorkingDirectory=/\n");
    assertThat(execStart(service()))
        .startsWith(
            "ExecStart="
                + environment.get("ECS_BOOTSTRAP_JAVA")
                + " "
                + JVM_FLAGS
                + " -jar "
                + home
                + "/ecs-bootstrap.jar apply s3://cfg-bucket/a.env")
        .endsWith(
            " --restart-agent --state-file "
                + root.resolve("var/lib/state.json")
                + " --agent-run-script /opt/ecs-bootstrap/run-agent.sh");
  }

  @Test
  void aBareJavaNameBecomesTheAbsolutePathSystemd219Needs() throws IOException {
    environment.put("ECS_BOOTSTRAP_JAVA", "java");
    environment.put(
        "PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + environment.get("PATH"));

    install("corretto").assertExit(0);

    assertThat(execStart(service()))
        .startsWith("ExecStart=" + Path.of(System.getProperty("java.home"), "bin", "java") + " ");
  }

  @Test
  void carriesTheEnvironmentTheBootExportedAndOrdersAfterTheAgentsUnit() throws IOException {
    environment.put("S3_ENDPOINT", "http://127.0.0.1:9000");
    environment.put("ROTATION_AFTER", "docker.service");

    install("corretto").assertExit(0);

    assertThat(service())
        .contains(
            "\nEnvironment=AWS_EC2_METADATA_SERVICE_ENDPOINT=http://169.254.169.254"
                + " AWS_ENDPOINT_URL_S3=http://127.0.0.1:9000\n")
        .contains("\nAfter=cloud-final.service docker.service\n");
  }

  @Test
  void theTimerRunsEveryPeriodFromAHostOffsetAfterBoot() throws IOException {
    install("bundle").assertExit(0);
    long seed =
        Long.parseLong(
            CliRunner.runProcess(
                    List.of("cksum", root.resolve("machine-id").toString()),
                    new byte[0],
                    Map.of("PATH", System.getenv("PATH")),
                    Duration.ofSeconds(10))
                .out()
                .split(" ")[0]);

    assertThat(timer())
        .isEqualTo(
            """
            [Timer]
            OnBootSec=%ds
            OnUnitActiveSec=3600s

            [Install]
            WantedBy=timers.target
            """
                .formatted(3600 + seed % 3600));
    Files.writeString(root.resolve("machine-id"), "fedcba9876543210fedcba9876543210\n");
    install("bundle").assertExit(0);
    assertThat(timer())
        .as("another host, another offset")
        .doesNotContain("OnBootSec=%ds".formatted(3600 + seed % 3600));
  }

  @Test
  void enablesTheTimerAndStartsItWithoutWaiting() throws IOException {
    install("bundle").assertExit(0);

    assertThat(Files.readAllLines(calls))
        .containsExactly(
            "systemctl daemon-reload",
            "systemctl enable ecs-bootstrap-rotate.timer",
            "systemctl start --no-block ecs-bootstrap-rotate.timer");
    for (String unit : List.of("ecs-bootstrap-rotate.service", "ecs-bootstrap-rotate.timer")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(units.resolve(unit))))
          .as(unit)
          .isEqualTo("rw-r--r--");
    }
  }

  @Test
  void aRerunLeavesTheUnitsAloneAndReloadsNothing() throws IOException {
    install("bundle").assertExit(0);
    FileTime longAgo = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    for (String unit : List.of("ecs-bootstrap-rotate.service", "ecs-bootstrap-rotate.timer")) {
      Files.setLastModifiedTime(units.resolve(unit), longAgo);
    }
    Files.delete(calls);

    install("bundle").assertExit(0);

    assertThat(Files.getLastModifiedTime(units.resolve("ecs-bootstrap-rotate.service")))
        .isEqualTo(longAgo);
    assertThat(Files.getLastModifiedTime(units.resolve("ecs-bootstrap-rotate.timer")))
        .isEqualTo(longAgo);
    assertThat(Files.readAllLines(calls))
        .containsExactly(
            "systemctl enable ecs-bootstrap-rotate.timer",
            "systemctl start --no-block ecs-bootstrap-rotate.timer");
  }

  /**
   * S3 keys may hold %, $, backslash and double quote (render-userdata refuses only quotes, spaces
   * and control characters): systemd would read them as a specifier, a variable, an escape and a
   * quote.
   */
  @Test
  void escapesWhatSystemdWouldExpandInACommandLine() throws IOException {
    environment.put("ECS_BOOTSTRAP_CONFIG_URIS", "s3://cfg-bucket/100%Zoff/$HOME/a\\b\"c.env");

    install("bundle").assertExit(0);

    assertThat(execStart(service()))
        .contains(" apply s3://cfg-bucket/100%%Zoff/$$HOME/a\\\\b\\\"c.env --ecs-config ");
    verifiedBySystemd();
  }

  @Test
  void systemdFindsNothingWrongWithTheUnits() throws IOException {
    environment.put("S3_ENDPOINT", "http://127.0.0.1:9000/%Z");
    install("bundle").assertExit(0);

    verifiedBySystemd();
  }

  private void verifiedBySystemd() throws IOException {
    if (!Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))
        && !Files.isExecutable(Path.of("/bin/systemd-analyze"))) {
      System.out.println("systemd-analyze not installed: the units are not verified by systemd");
      return;
    }
    CliResult verify =
        CliRunner.runProcess(
            List.of(
                "systemd-analyze",
                "verify",
                "--man=no",
                units.resolve("ecs-bootstrap-rotate.service").toString(),
                units.resolve("ecs-bootstrap-rotate.timer").toString()),
            new byte[0],
            Map.of("PATH", System.getenv("PATH")),
            Duration.ofSeconds(30));
    assertThat(verify.err()).as("systemd-analyze verify").isEmpty();
    verify.assertExit(0);
  }
}
