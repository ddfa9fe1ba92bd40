package dev.ecsbootstrap.userdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.AgentView;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import dev.ecsbootstrap.testing.Shellcheck;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import dev.ecsbootstrap.testing.http.LoopbackHttpServer;
import dev.ecsbootstrap.testing.s3.ObjectEncryption;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.S3Backends;
import dev.ecsbootstrap.testing.s3.StrictS3Front;
import dev.ecsbootstrap.testing.s3.TestKms;
import dev.ecsbootstrap.testing.tls.PrivateCa;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Boots rendered user data with bash, as cloud-init would: role credentials from the IMDSv2
 * emulator, the fragment and the jar from an S3 server behind a {@link StrictS3Front} (which checks
 * every request's SigV4 signature, payload digest and signed headers, as S3 does, for the script's
 * curl and apply's SDK alike), the package managers, systemctl and docker replaced by stand-ins
 * that record their calls, every path under a test root.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(S3Backends.class)
class SimulatedBootIT {
  private static final Path JAR = SimulatedInstance.JAR;

  /** A test-made CA and a certificate for S3's regional names, as AWS's would be. */
  private static PrivateCa ca;

  private static PrivateCa.ServerCertificate awsNames;

  @Parameter S3Backends backend;
  @TempDir Path root;

  private SimulatedInstance instance;
  private S3Backend s3;
  private StrictS3Front front;
  private String bucket;
  private Path standIns;
  private Path calls;
  private Path ecsConfig;
  private final List<String> signals = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void issueCertificate() {
    ca = PrivateCa.create();
    awsNames =
        ca.issueServerCertificate(
            List.of("*.s3.us-east-1.amazonaws.com", "s3.us-east-1.amazonaws.com"));
  }

  @AfterAll
  static void removeCertificate() {
    if (ca != null) {
      ca.close();
    }
  }

  @BeforeEach
  void prepareInstance() throws IOException {
    instance = SimulatedInstance.start(backend.sharedOrSkip("SimulatedBootIT"), root);
    s3 = instance.s3();
    front = instance.front();
    bucket = instance.bucket();
    standIns = instance.standIns();
    calls = instance.calls();
    ecsConfig = instance.ecsConfig();
  }

  @AfterEach
  void stop() {
    if (instance != null) {
      instance.close();
    }
  }

  private String render(String template, String jarSha256, String... extraFlags) {
    return instance.render(template, jarSha256, extraFlags);
  }

  private CliResult boot(String userData, Map<String, String> extra) throws IOException {
    return instance.boot(userData, extra);
  }

  private List<String> recordedCalls() throws IOException {
    return instance.recordedCalls();
  }

  private static String sha256(Path file) throws IOException {
    return SimulatedInstance.sha256(file);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"al2023", "al2"})
  void ecsOptimizedFirstBootWritesTheCredentialsAndStartsNothing(String template)
      throws IOException {
    CliResult boot = boot(render(template, sha256(JAR)), Map.of());

    boot.assertExit(0);
    assertThat(AgentView.credentials(ecsConfig, Samples.REGISTRY))
        .containsExactly(Canary.USERNAME, Canary.SECRET);
    assertThat(Files.readString(ecsConfig))
        .startsWith(new String(Samples.existingEcsConfig(), StandardCharsets.UTF_8));
    assertThat(recordedCalls()).as("no package installed (Java present), no systemctl").isEmpty();
    assertThat(boot.err())
        .contains("SHA-256 verified")
        .contains("[ecs-bootstrap] INFO fetched")
        .contains("apply with java (Corretto; no bundle configured)");
    assertThat(front.refusals()).as("nothing S3 would refuse").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"al2023", "al2", "docker-agent"})
  void rebootChangesNothing(String template) throws IOException {
    String userData = render(template, sha256(JAR));
    boot(userData, Map.of()).assertExit(0);
    byte[] first = Files.readAllBytes(ecsConfig);
    long runsBefore =
        recordedCalls().stream().filter(call -> call.startsWith("docker run")).count();

    CliResult reboot = boot(userData, Map.of()).assertExit(0);

    assertThat(Files.readAllBytes(ecsConfig)).isEqualTo(first);
    assertThat(reboot.err()).contains("unchanged");
    assertThat(recordedCalls().stream().filter(call -> call.startsWith("docker run")).count())
        .as("no second agent container")
        .isEqualTo(runsBefore);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"al2023", "al2", "docker-agent"})
  void aCorruptedJarDigestStopsTheBootAndChangesNothing(String template) throws IOException {
    byte[] before = Files.readAllBytes(ecsConfig);

    CliResult boot = boot(render(template, "0".repeat(64)), Map.of());

    assertThat(boot.exitCode()).isNotZero();
    assertThat(boot.err()).contains("SHA-256 mismatch").contains("refusing to run it");
    assertThat(Files.readAllBytes(ecsConfig)).isEqualTo(before);
    assertThat(root.resolve("opt/ecs-bootstrap/ecs-bootstrap.jar")).doesNotExist();
    assertThat(recordedCalls()).noneMatch(call -> call.startsWith("docker run"));
    assertThat(recordedCalls())
        .as("a failed boot powers off so the Auto Scaling group replaces the instance")
        .contains("systemctl poweroff --no-block");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"al2023"})
  void aFailedBootCanStayUpForDebugging(String template) throws IOException {
    boot(render(template, "0".repeat(64)), Map.of("ECS_BOOTSTRAP_ON_FAILURE", "stay"));

    assertThat(recordedCalls()).doesNotContain("systemctl poweroff --no-block");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"al2023, 0, SUCCESS", "al2023, 1, FAILURE", "docker-agent, 0, SUCCESS"})
  void signalsTheRealOutcomeToCloudFormation(String template, int brokenDigest, String status)
      throws IOException {
    String digest = brokenDigest == 0 ? sha256(JAR) : "0".repeat(64);
    try (LoopbackHttpServer cloudFormation = recordingCloudFormation()) {
      boot(
          render(template, digest),
          Map.of(
              "ECS_BOOTSTRAP_CFN_SIGNAL",
              "my-stack AutoScalingGroup us-east-1",
              "CLOUDFORMATION_ENDPOINT",
              cloudFormation.url().toString()));

      assertThat(signals)
          .containsExactly(
              "Action=SignalResource&Version=2010-05-15&StackName=my-stack"
                  + "&LogicalResourceId=AutoScalingGroup&UniqueId=i-0123456789abcdef0&Status="
                  + status);
      assertThat(cloudFormation.requests().get(0).header("Authorization"))
          .as("signed with the instance role")
          .startsWith("AWS4-HMAC-SHA256 Credential=ASIAFAKEIMDSACCESSKEY/");
    }
  }

  // The jar download as S3 enforces it (issue 9): curl's version, the payload digest, dotted
  // bucket names over TLS, and a jar bucket in another region.

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"al2023", "al2", "docker-agent"})
  void aCurlTooOldToSignItsHeadersStopsTheBootBeforeAnyDownloadAndSignalsFailure(String template)
      throws IOException {
    byte[] before = Files.readAllBytes(ecsConfig);
    instance.executable(
        "curl",
        """
        #!/usr/bin/env bash
        # AL2's curl before its 8.3.0 update: only --version is old, the rest is the real curl.
        if [[ $1 == --version ]]; then echo "curl 7.79.1 (x86_64-koji-linux-gnu) libcurl/7.79.1"; exit 0; fi
        exec "$REAL_CURL" "$@"
        """);
    try (LoopbackHttpServer cloudFormation = recordingCloudFormation()) {
      CliResult boot =
          boot(
              render(template, sha256(JAR)),
              Map.of(
                  "REAL_CURL",
                  realCurl(),
                  "ECS_BOOTSTRAP_CFN_SIGNAL",
                  "my-stack AutoScalingGroup us-east-1",
                  "CLOUDFORMATION_ENDPOINT",
                  cloudFormation.url().toString()));

      assertThat(boot.exitCode()).isNotZero();
      assertThat(boot.err())
          .contains("curl 7.79.1 is too old")
          .contains("needs curl 7.86.0 or later")
          .contains("Amazon Linux 2023 AMIs have it")
          .contains("Amazon Linux 2 ones from the October 2023 curl 8.3.0 update on");
      assertThat(signals).singleElement().asString().endsWith("&Status=FAILURE");
    }
    assertThat(front.requests()).as("nothing downloaded").isEmpty();
    assertThat(Files.readAllBytes(ecsConfig)).isEqualTo(before);
    assertThat(root.resolve("opt/ecs-bootstrap/ecs-bootstrap.jar")).doesNotExist();
    assertThat(recordedCalls())
        .as("nothing installed; powered off for replacement")
        .containsExactly("systemctl poweroff --no-block");
  }

  private LoopbackHttpServer recordingCloudFormation() {
    return LoopbackHttpServer.start(
        "fake-cloudformation",
        (exchange, request, body) -> {
          signals.add(new String(body, StandardCharsets.UTF_8));
          LoopbackHttpServer.respond(
              exchange,
              200,
              "text/xml",
              "<SignalResourceResponse/>".getBytes(StandardCharsets.UTF_8));
        });
  }

  private static String realCurl() {
    for (String directory : System.getenv("PATH").split(":")) {
      Path curl = Path.of(directory, "curl");
      if (Files.isExecutable(curl)) {
        return curl.toString();
      }
    }
    throw new IllegalStateException("no curl on PATH");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"al2023", "docker-agent"})
  void aJarBucketInAnotherRegionIsFollowedThereOnceAndApplyFollowsToo(String template)
      throws IOException {
    front.bucketRegion(bucket, "ap-southeast-2");

    CliResult boot = boot(render(template, sha256(JAR)), Map.of()).assertExit(0);

    assertThat(boot.err())
        .contains("s3://" + bucket + " is in ap-southeast-2, not us-east-1; fetching it from there")
        .contains("--jar-region ap-southeast-2 saves this round trip")
        .contains("SHA-256 verified");
    assertThat(front.refusals())
        .filteredOn(refusal -> refusal.path().endsWith("/bin/ecs-bootstrap.jar"))
        .singleElement()
        .satisfies(refusal -> assertThat(refusal.status()).isEqualTo(301));
    assertThat(AgentView.credentials(ecsConfig, Samples.REGISTRY))
        .as("apply's SDK client follows the same redirect (crossRegionAccessEnabled)")
        .containsExactly(Canary.USERNAME, Canary.SECRET);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"al2023"})
  void theJarRegionFromRenderUserdataNeedsNoRedirect(String template) throws IOException {
    front.bucketRegion(bucket, "ap-southeast-2");

    CliResult boot =
        boot(render(template, sha256(JAR), "--jar-region", "ap-southeast-2"), Map.of())
            .assertExit(0);

    assertThat(boot.err()).contains("SHA-256 verified").doesNotContain("fetching it from there");
    assertThat(front.refusals())
        .as("the jar GET was signed for its bucket's region at once")
        .noneMatch(refusal -> refusal.path().endsWith("/bin/ecs-bootstrap.jar"));
    assertThat(AgentView.credentials(ecsConfig, Samples.REGISTRY))
        .containsExactly(Canary.USERNAME, Canary.SECRET);
  }

  @ParameterizedTest(name = "{0} bucket name")
  @ValueSource(strings = {"dotted", "plain"})
  void theProductionUrlPassesTlsForEveryBucketName(String naming) throws IOException {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    bucket = naming.equals("dotted") ? "boot.tls." + suffix : "boot-tls-" + suffix;
    instance.useBucket(bucket);
    try (StrictS3Front https =
        StrictS3Front.startHttps(
            s3.endpoint(),
            Map.of(SimulatedInstance.ROLE_KEY_ID, SimulatedInstance.ROLE_SECRET),
            awsNames)) {
      CliResult boot =
          boot(
              render("al2023", sha256(JAR)),
              Map.of(
                  // The script's own production URL; curl sends its name to the local front.
                  "S3_ENDPOINT",
                  "",
                  "ECS_BOOTSTRAP_CURL_CONNECT_TO",
                  "::127.0.0.1:" + https.port(),
                  "CURL_CA_BUNDLE",
                  ca.caCertificatePem().toString(),
                  // apply is not what this test is about: its SDK takes the plain strict front.
                  "AWS_ENDPOINT_URL_S3",
                  front.url().toString()));

      boot.assertExit(0);
      assertThat(boot.err()).contains("SHA-256 verified");
      assertThat(https.refusals()).isEmpty();
      assertThat(https.accepted())
          .singleElement()
          .satisfies(
              get -> {
                assertThat(get.bucket()).isEqualTo(bucket);
                assertThat(get.virtualHosted())
                    .as("path-style for a dotted name only, as the SDK does")
                    .isEqualTo(naming.equals("plain"));
              });
    }
    assertThat(AgentView.credentials(ecsConfig, Samples.REGISTRY))
        .containsExactly(Canary.USERNAME, Canary.SECRET);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "al2023, dnf install -y java-21-amazon-corretto-headless",
    "al2, yum install -y java-17-amazon-corretto-headless",
    "docker-agent, dnf install -y java-21-amazon-corretto-headless"
  })
  void installsCorrettoWhenThereIsNoJava(String template, String expectedInstall)
      throws IOException {
    Path java = standIns.resolve("java");

    boot(
            render(template, sha256(JAR)),
            Map.of("ECS_BOOTSTRAP_JAVA", java.toString(), "STAND_IN_JAVA_LINK", java.toString()))
        .assertExit(0);

    assertThat(recordedCalls()).first().isEqualTo(expectedInstall);
    assertThat(AgentView.credentials(ecsConfig, Samples.REGISTRY))
        .containsExactly(Canary.USERNAME, Canary.SECRET);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"docker-agent"})
  void plainAmiStartsTheAgentContainerWithTheEnvFile(String template) throws IOException {
    boot(render(template, sha256(JAR)), Map.of()).assertExit(0);

    assertThat(recordedCalls())
        .contains("systemctl enable --now docker")
        .anySatisfy(
            call ->
                assertThat(call)
                    .startsWith("docker run --name ecs-agent --detach")
                    .contains("--env-file=" + ecsConfig)
                    .endsWith("public.ecr.aws/ecs/amazon-ecs-agent:latest"));
    assertThat(AgentView.credentials(ecsConfig, Samples.REGISTRY))
        .containsExactly(Canary.USERNAME, Canary.SECRET);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"docker-agent"})
  void plainAmiRecreatesTheAgentWhenTheConfigurationChanged(String template) throws IOException {
    String userData = render(template, sha256(JAR));
    boot(userData, Map.of()).assertExit(0);
    s3.put(
        bucket,
        "ecs/auth.env",
        Samples.dockercfgFragment(Samples.OTHER_REGISTRY),
        ObjectEncryption.kms(TestKms.KEY_ARN));

    boot(userData, Map.of()).assertExit(0);

    assertThat(recordedCalls()).contains("docker rm --force ecs-agent");
    assertThat(recordedCalls().stream().filter(call -> call.startsWith("docker run"))).hasSize(2);
  }

  /**
   * The run script is what {@code apply --restart-agent --agent-run-script} runs later, from a
   * timer: without user data's environment it must recreate the container exactly as user data
   * created it.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"docker-agent"})
  void plainAmiInstallsARunScriptThatRecreatesTheAgentWithTheSameArguments(String template)
      throws IOException {
    boot(render(template, sha256(JAR)), Map.of()).assertExit(0);
    Path runScript = instance.agentRunScript();
    List<String> created = dockerRuns();
    assertThat(created).hasSize(1);
    int callsBefore = recordedCalls().size();

    CliResult rerun =
        CliRunner.runProcess(
            List.of(runScript.toString()),
            new byte[0],
            Map.of(
                "PATH", standIns + ":" + System.getenv("PATH"), "STAND_IN_CALLS", calls.toString()),
            SimulatedInstance.TIMEOUT);

    rerun.assertExit(0);
    assertThat(Files.isExecutable(runScript)).isTrue();
    assertThat(recordedCalls().subList(callsBefore, recordedCalls().size()))
        .containsExactly("docker inspect ecs-agent", "docker rm --force ecs-agent", created.get(0));
    Shellcheck.assertClean(List.of(runScript));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"docker-agent"})
  void plainAmiForTheJsonTargetMountsTheConfigurationFolderAndNamesTheJsonFile(String template)
      throws IOException {
    String jsonMount = "--volume=" + ecsConfig.getParent() + ":/etc/ecs:ro";
    String jsonPath = "--env=ECS_AGENT_CONFIG_FILE_PATH=/etc/ecs/ecs.config.json";
    String userData = render(template, sha256(JAR));
    boot(userData, Map.of()).assertExit(0);
    assertThat(dockerRuns()).singleElement().asString().doesNotContain(jsonMount, jsonPath);

    boot(userData, Map.of("ECS_BOOTSTRAP_TARGET", "json")).assertExit(0);

    assertThat(dockerRuns())
        .as("a changed run script recreates the container, though ecs.config is unchanged")
        .hasSize(2)
        .last()
        .asString()
        .contains(jsonMount + " " + jsonPath + " public.ecr.aws/ecs/amazon-ecs-agent:latest");
    assertThat(recordedCalls()).contains("docker rm --force ecs-agent");
  }

  private List<String> dockerRuns() throws IOException {
    return recordedCalls().stream().filter(call -> call.startsWith("docker run")).toList();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"al2023", "al2", "docker-agent"})
  void renderedUserDataIsShellcheckClean(String template) throws IOException {
    Path script = Files.writeString(root.resolve(template + ".sh"), render(template, sha256(JAR)));

    Shellcheck.assertClean(List.of(script));
  }

  private static final String TASK_ROLES_SYSCTL = "net.ipv4.conf.all.route_localnet = 1\n";
  private static final String DNAT_RULE =
      "PREROUTING -p tcp -d 169.254.170.2 --dport 80 -j DNAT --to-destination 127.0.0.1:51679";
  private static final String REDIRECT_RULE =
      "OUTPUT -d 169.254.170.2 -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 51679";
  private static final String TASK_ROLES_UNIT =
      """
      [Unit]
      Description=ECS task IAM roles: send 169.254.170.2:80 to the agent on 127.0.0.1:51679
      Before=docker.service

      [Service]
      Type=oneshot
      RemainAfterExit=yes
      ExecStart=/bin/sh -c 'iptables -t nat -C %1$s || iptables -t nat -A %1$s'
      ExecStart=/bin/sh -c 'iptables -t nat -C %2$s || iptables -t nat -A %2$s'

      [Install]
      WantedBy=multi-user.target
      """
          .formatted(DNAT_RULE, REDIRECT_RULE);

  /**
   * Stand-ins with the state the task-role set-up depends on: iptables keeps its rules ({@code -C}
   * finds what {@code -A} added), and {@code systemctl enable --now} runs the unit's ExecStart
   * lines as systemd would.
   */
  private void statefulIptablesAndSystemctl() throws IOException {
    instance.executable(
        "iptables",
        """
        #!/usr/bin/env bash
        echo "iptables $*" >> "$STAND_IN_CALLS"
        rule="$*"
        case " $rule " in
          *" -C "*) grep -qxF -- "${rule/ -C / -A }" "$STAND_IN_CALLS.rules" 2>/dev/null ;;
          *" -A "*) echo "$rule" >> "$STAND_IN_CALLS.rules" ;;
        esac
        """);
    instance.executable(
        "systemctl",
        """
        #!/usr/bin/env bash
        echo "systemctl $*" >> "$STAND_IN_CALLS"
        if [[ $1 == enable && $2 == --now && -f $SYSTEMD_UNIT_DIR/$3 ]]; then
          sed -n 's/^ExecStart=//p' "$SYSTEMD_UNIT_DIR/$3" | while IFS= read -r command; do
            eval "$command" || exit 1
          done
        fi
        """);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"docker-agent"})
  void plainAmiSetsUpTaskIamRolesInConfigurationThatSurvivesAReboot(String template)
      throws IOException {
    statefulIptablesAndSystemctl();

    boot(render(template, sha256(JAR)), Map.of()).assertExit(0);

    Path sysctlFile = root.resolve("etc/sysctl.d/90-ecs-task-iam-roles.conf");
    Path unit = root.resolve("etc/systemd/system/ecs-task-iam-roles.service");
    assertThat(sysctlFile).hasContent(TASK_ROLES_SYSCTL);
    assertThat(Files.readString(unit)).isEqualTo(TASK_ROLES_UNIT);
    List<String> calls = recordedCalls();
    assertThat(calls)
        .containsSubsequence(
            "sysctl -p " + sysctlFile,
            "systemctl daemon-reload",
            "systemctl enable --now ecs-task-iam-roles.service",
            "iptables -t nat -C " + DNAT_RULE,
            "iptables -t nat -A " + DNAT_RULE,
            "iptables -t nat -C " + REDIRECT_RULE,
            "iptables -t nat -A " + REDIRECT_RULE,
            "systemctl enable --now docker")
        .anySatisfy(
            call ->
                assertThat(call)
                    .startsWith("docker run --name ecs-agent")
                    .contains(
                        "--env=ECS_ENABLE_TASK_IAM_ROLE=true",
                        "--env=ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST=true"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"docker-agent"})
  void plainAmiRerunAddsNoDuplicateRuleAndRewritesNoConfiguration(String template)
      throws IOException {
    statefulIptablesAndSystemctl();
    String userData = render(template, sha256(JAR));
    boot(userData, Map.of()).assertExit(0);
    Path sysctlFile = root.resolve("etc/sysctl.d/90-ecs-task-iam-roles.conf");
    Path unit = root.resolve("etc/systemd/system/ecs-task-iam-roles.service");
    FileTime longAgo = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(sysctlFile, longAgo);
    Files.setLastModifiedTime(unit, longAgo);
    int callsBefore = recordedCalls().size();

    boot(userData, Map.of()).assertExit(0);

    List<String> rerun = recordedCalls().subList(callsBefore, recordedCalls().size());
    assertThat(rerun)
        .contains("iptables -t nat -C " + DNAT_RULE, "iptables -t nat -C " + REDIRECT_RULE)
        .noneMatch(call -> call.startsWith("iptables -t nat -A"))
        .doesNotContain("systemctl daemon-reload");
    assertThat(Files.readAllLines(Path.of(calls + ".rules"))).hasSize(2);
    assertThat(Files.getLastModifiedTime(sysctlFile)).isEqualTo(longAgo);
    assertThat(Files.getLastModifiedTime(unit)).isEqualTo(longAgo);
  }

  /**
   * With --rotation the boot installs the timer's units where systemd reads them, enables the timer
   * and starts it without waiting (cloud-final is still running), after the boot's own apply. The
   * units' run is apply --restart-agent, which the lead's end-to-end test runs.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"al2023", "al2", "docker-agent"})
  void withRotationTheBootInstallsTheTimerAndStartsItWithoutWaiting(String template)
      throws IOException {
    String userData = render(template, sha256(JAR), "--rotation", "--rotation-interval", "30m");

    boot(userData, Map.of()).assertExit(0);

    Path units = root.resolve("etc/systemd/system");
    String service = Files.readString(units.resolve("ecs-bootstrap-rotate.service"));
    assertThat(service)
        .contains("\nType=oneshot\n")
        .contains(
            "\nAfter=cloud-final.service "
                + (template.equals("docker-agent") ? "docker.service" : "ecs.service")
                + "\n")
        .contains("\nEnvironment=AWS_EC2_METADATA_SERVICE_ENDPOINT=")
        .contains(" AWS_ENDPOINT_URL_S3=" + front.url())
        .contains(" -jar " + root.resolve("opt/ecs-bootstrap/ecs-bootstrap.jar") + " apply s3://")
        .contains(
            " apply s3://" + bucket + "/ecs/auth.env --ecs-config " + ecsConfig + " --kms-key-id ")
        .contains(
            " --restart-agent --state-file " + root.resolve("var/lib/ecs-bootstrap/state.json"));
    assertThat(service.contains(" --agent-run-script "))
        .as("docker-agent's apply recreates the container")
        .isEqualTo(template.equals("docker-agent"));
    assertThat(Files.readString(units.resolve("ecs-bootstrap-rotate.timer")))
        .contains("\nOnUnitActiveSec=1800s\n")
        .containsPattern("\nOnBootSec=(1[89]\\d\\d|[23]\\d\\d\\d)s\n");
    assertThat(recordedCalls())
        .containsSubsequence(
            "systemctl daemon-reload",
            "systemctl enable ecs-bootstrap-rotate.timer",
            "systemctl start --no-block ecs-bootstrap-rotate.timer");
    assertThat(AgentView.credentials(ecsConfig, Samples.REGISTRY))
        .containsExactly(Canary.USERNAME, Canary.SECRET);
  }
}
