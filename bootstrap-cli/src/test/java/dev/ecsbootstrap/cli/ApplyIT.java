package dev.ecsbootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.testing.AgentView;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import dev.ecsbootstrap.testing.faults.FaultyProxy;
import dev.ecsbootstrap.testing.http.RecordedRequest;
import dev.ecsbootstrap.testing.imds.FakeImds;
import dev.ecsbootstrap.testing.s3.ObjectEncryption;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.S3Backends;
import dev.ecsbootstrap.testing.s3.TestKms;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code apply} end to end, in-process through {@link Main#run}: no AWS keys in its environment,
 * role credentials and the account from the IMDSv2 emulator, each S3 server present. {@link
 * ShadedJarIT} runs the jar itself.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(S3Backends.class)
class ApplyIT {
  private static final String KEY = "ecs/registry-auth.env";

  @Parameter S3Backends backend;
  @TempDir Path directory;

  private S3Backend s3;
  private FakeImds imds;
  private String bucket;
  private Path ecsConfig;
  private byte[] original;

  @BeforeEach
  void startServers() throws IOException {
    s3 = backend.sharedOrSkip("ApplyIT");
    bucket = "cfg-" + UUID.randomUUID().toString().substring(0, 13);
    s3.createBucket(bucket);
    imds = FakeImds.start().accountId(TestKms.ACCOUNT_ID);
    ecsConfig = directory.resolve("etc/ecs/ecs.config");
    Files.createDirectories(ecsConfig.getParent());
    original = Samples.existingEcsConfig();
    Files.write(ecsConfig, original);
  }

  @AfterEach
  void stopImds() {
    if (imds != null) {
      imds.close();
    }
  }

  private void put(byte[] fragment, ObjectEncryption encryption) {
    s3.put(bucket, KEY, fragment, encryption);
  }

  private void putKms(byte[] fragment) {
    put(fragment, ObjectEncryption.kms(TestKms.KEY_ARN));
  }

  private String uri() {
    return "s3://" + bucket + "/" + KEY;
  }

  private CliResult apply(String... extraArgs) {
    return apply(s3.endpoint(), extraArgs);
  }

  private CliResult apply(URI s3Endpoint, String... extraArgs) {
    List<String> args =
        new ArrayList<>(List.of("apply", uri(), "--ecs-config", ecsConfig.toString()));
    args.addAll(List.of(extraArgs));
    return run(s3Endpoint, args.toArray(String[]::new));
  }

  private CliResult run(URI s3Endpoint, String... args) {
    return run(s3Endpoint, Map.of(), args);
  }

  /**
   * Runs apply with the emulator as its only credential source (unless {@code extraEnvironment}
   * names another IMDS endpoint); checks no secret was printed.
   */
  private CliResult run(URI s3Endpoint, Map<String, String> extraEnvironment, String... args) {
    Map<String, String> environment = new HashMap<>(extraEnvironment);
    environment.putIfAbsent("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url().toString());
    environment.put("AWS_ENDPOINT_URL_S3", s3Endpoint.toString());
    CliResult result = CliRunner.run(Main::run, environment, args);
    // The role's keys from IMDS are secrets too.
    return result.assertNoSecretLeak("fake-imds-secret-access-key", "fake-imds-session-token");
  }

  /** Puts two fragments under SSE-KMS and applies both, in this order. */
  private CliResult applyBoth(String firstKey, byte[] first, String secondKey, byte[] second) {
    s3.put(bucket, firstKey, first, ObjectEncryption.kms(TestKms.KEY_ARN));
    s3.put(bucket, secondKey, second, ObjectEncryption.kms(TestKms.KEY_ARN));
    return run(
        s3.endpoint(),
        "apply",
        "s3://" + bucket + "/" + firstKey,
        "s3://" + bucket + "/" + secondKey,
        "--ecs-config",
        ecsConfig.toString());
  }

  private void assertUntouched() throws IOException {
    assertThat(Files.readAllBytes(ecsConfig))
        .as("ecs.config must be untouched")
        .isEqualTo(original);
    try (var files = Files.list(ecsConfig.getParent())) {
      assertThat(files).as("no temp file left").containsExactly(ecsConfig);
    }
  }

  /**
   * The credentials the agent will use for {@code registry}, decoded the way dockerauth.go does.
   */
  @Test
  void appliesAValidFragmentAndKeepsTheLinesAlreadyThere() throws IOException {
    putKms(Samples.dockercfgFragment());

    CliResult result = apply().assertExit(0);

    String content = Files.readString(ecsConfig);
    assertThat(content)
        .startsWith(new String(original, StandardCharsets.UTF_8))
        .contains("\nECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={");
    assertThat(AgentView.credentials(ecsConfig, Samples.REGISTRY))
        .containsExactly(Canary.USERNAME, Canary.SECRET);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ecsConfig)))
        .isEqualTo("rw-------");
    assertThat(result.err())
        .contains("[ecs-bootstrap] INFO fetched " + uri())
        .contains("registries: " + Samples.REGISTRY)
        .contains("changed (ECS_ENGINE_AUTH_TYPE added, ECS_ENGINE_AUTH_DATA added)");
  }

  @Test
  void usesOnlyImdsV2() {
    putKms(Samples.dockercfgFragment());

    apply().assertExit(0);

    List<RecordedRequest> gets =
        imds.requests().stream().filter(r -> r.method().equals("GET")).toList();
    assertThat(gets)
        .as("metadata and role credentials were read")
        .isNotEmpty()
        .allSatisfy(request -> assertThat(request.header("X-aws-ec2-metadata-token")).isNotBlank());
    assertThat(gets)
        .extracting(RecordedRequest::path)
        .contains(
            "/latest/dynamic/instance-identity/document",
            "/latest/meta-data/iam/security-credentials/");
  }

  @Test
  void secondRunReportsUnchangedAndLeavesTheFileByteIdentical() throws IOException {
    putKms(Samples.dockercfgFragment());
    apply().assertExit(0);
    byte[] first = Files.readAllBytes(ecsConfig);
    FileTime modified = Files.getLastModifiedTime(ecsConfig);

    CliResult second = apply().assertExit(0);

    assertThat(Files.readAllBytes(ecsConfig)).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(ecsConfig)).isEqualTo(modified);
    assertThat(second.err())
        .contains("unchanged (ECS_ENGINE_AUTH_TYPE unchanged, ECS_ENGINE_AUTH_DATA unchanged)");
  }

  @Test
  void pinsAVersionWithVersionId() throws IOException {
    s3.enableVersioning(bucket);
    String first =
        s3.put(
            bucket,
            KEY,
            Samples.dockercfgFragment(Samples.REGISTRY),
            ObjectEncryption.kms(TestKms.KEY_ARN));
    s3.put(
        bucket,
        KEY,
        Samples.dockercfgFragment(Samples.OTHER_REGISTRY),
        ObjectEncryption.kms(TestKms.KEY_ARN));

    CliResult result =
        run(
                s3.endpoint(),
                "apply",
                uri() + "?versionId=" + first,
                "--ecs-config",
                ecsConfig.toString())
            .assertExit(0);

    assertThat(result.err()).contains("version " + first);
    assertThat(AgentView.credentials(ecsConfig, Samples.REGISTRY))
        .containsExactly(Canary.USERNAME, Canary.SECRET);
    assertThat(Files.readString(ecsConfig)).doesNotContain(Samples.OTHER_REGISTRY);
  }

  @Test
  void takesTheEndpointFromTheFlag() {
    putKms(Samples.dockercfgFragment());

    // The environment names a dead port: only --endpoint-url can have reached the server.
    run(
            URI.create("http://127.0.0.1:9"),
            "apply",
            uri(),
            "--ecs-config",
            ecsConfig.toString(),
            "--endpoint-url",
            s3.endpoint().toString())
        .assertExit(0);
  }

  @Test
  void offInstanceFlagsNeedNoIdentityDocument() {
    putKms(Samples.dockercfgFragment());

    run(
            s3.endpoint(),
            Map.of("AWS_REGION", "eu-west-1"),
            "apply",
            uri(),
            "--ecs-config",
            ecsConfig.toString(),
            "--expected-bucket-owner",
            TestKms.ACCOUNT_ID)
        .assertExit(0);

    assertThat(imds.requests())
        .extracting(RecordedRequest::path)
        .doesNotContain("/latest/dynamic/instance-identity/document");
  }

  @Test
  void offAnInstanceSaysImdsIsUnreachableAndWhichFlagsAvoidIt() throws IOException {
    putKms(Samples.dockercfgFragment());
    // Keys from the environment, as on an operator's machine; nothing listens where IMDS was.
    String stopped;
    try (FakeImds gone = FakeImds.start()) {
      stopped = gone.url().toString();
    }
    Map<String, String> offInstance =
        Map.of(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            stopped,
            "AWS_ACCESS_KEY_ID",
            "AKIDOPERATOR",
            "AWS_SECRET_ACCESS_KEY",
            Canary.SECRET);

    CliResult result =
        run(
                s3.endpoint(),
                offInstance,
                "apply",
                uri(),
                "--ecs-config",
                ecsConfig.toString(),
                "--timeout",
                "1s")
            .assertExit(ExitCode.DEADLINE.value());

    assertThat(result.err())
        .containsPattern(
            "ecs-bootstrap: error: instance metadata \\(IMDS\\) is unreachable: no answer to \\d+"
                + " attempts in \\d\\.\\ds \\(last: Connection refused at "
                + stopped.replace(".", "\\.")
                + "\\)")
        .contains(
            "pass --region REGION and --expected-bucket-owner ACCOUNT|any, and apply does not"
                + " need IMDS")
        .doesNotContain("token");
    assertUntouched();
  }

  @Test
  void reportsWarningsAndStillApplies() {
    putKms(
        ("ECS_CLUSTR=prod\n" + new String(Samples.dockercfgFragment(), StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8));

    CliResult result = apply().assertExit(0);

    assertThat(result.err())
        .contains(
            "WARN "
                + uri()
                + ":1: warning: an unknown ECS_ key of 10 characters: the ECS"
                + " agent does not read it; did you mean ECS_CLUSTER?");
  }

  @Test
  void setsTheClusterInTheSameMerge() throws IOException {
    putKms(Samples.dockercfgFragment());

    CliResult result = apply("--cluster", "prod-blue").assertExit(0);

    assertThat(Files.readString(ecsConfig))
        .contains("\nECS_CLUSTER=prod-blue\n")
        .doesNotContain("ECS_CLUSTER=prod\n");
    assertThat(result.err()).contains("ECS_CLUSTER replaced");
  }

  @Test
  void createsAMissingFileAndFolder() throws IOException {
    putKms(Samples.dockerFragment(Samples.REGISTRY));
    ecsConfig = directory.resolve("fresh/etc/ecs/ecs.config");

    apply().assertExit(0);

    assertThat(Files.readString(ecsConfig)).startsWith("ECS_ENGINE_AUTH_TYPE=docker\n");
  }

  @Nested
  class Refusals {
    @Test
    void refusesAnObjectNotEncryptedWithKms() throws IOException {
      put(Samples.dockercfgFragment(), ObjectEncryption.SSE_S3);

      CliResult result = apply().assertExit(ExitCode.ENCRYPTION_POLICY.value());

      assertThat(result.err()).contains("not SSE-KMS");
      assertUntouched();
    }

    @Test
    void acceptsItWithAllowUnencrypted() {
      put(Samples.dockercfgFragment(), ObjectEncryption.SSE_S3);

      apply("--allow-unencrypted").assertExit(0);
    }

    @Test
    void refusesAnObjectUnderAnotherKmsKey() throws IOException {
      put(Samples.dockercfgFragment(), ObjectEncryption.kms(TestKms.OTHER_KEY_ARN));

      CliResult result =
          apply("--kms-key-id", TestKms.KEY_ARN).assertExit(ExitCode.ENCRYPTION_POLICY.value());

      assertThat(result.err()).contains("not " + TestKms.KEY_ARN);
      assertUntouched();
    }

    @Test
    void acceptsTheExpectedKmsKeyById() {
      putKms(Samples.dockercfgFragment());

      apply("--kms-key-id", TestKms.KEY_ID).assertExit(0);
    }

    @Test
    void refusesAnObjectLargerThan64KiB() throws IOException {
      putKms(("ECS_CLUSTER=" + "x".repeat(70_000) + "\n").getBytes(StandardCharsets.UTF_8));

      CliResult result = apply().assertExit(ExitCode.INVALID_CONTENT.value());

      assertThat(result.err()).contains("larger than 65536 bytes");
      assertUntouched();
    }

    @Test
    void refusesInvalidContentNamingSourceAndLine() throws IOException {
      putKms(Samples.authsWrapperFragment());

      CliResult result = apply().assertExit(ExitCode.INVALID_CONTENT.value());

      assertThat(result.err())
          .contains(uri() + ":2: error: ECS_ENGINE_AUTH_DATA/auths: the \"auths\" wrapper")
          .contains("ecs-bootstrap: error: " + uri() + ": 1 error; nothing was written");
      assertUntouched();
    }

    @Test
    void refusesAMissingObject() throws IOException {
      CliResult result = apply().assertExit(ExitCode.SOURCE_REFUSED.value());

      assertThat(result.err()).contains(uri() + " not found");
      assertUntouched();
    }

    @Test
    void refusesABucketOfAnotherAccount() throws IOException {
      putKms(Samples.dockercfgFragment());
      try (FaultyProxy s3Like = FaultyProxy.start(s3.endpoint()).bucketOwner(TestKms.ACCOUNT_ID)) {
        CliResult result =
            apply(
                    s3Like.url(),
                    "--expected-bucket-owner",
                    "999999999999",
                    "--access-denied-grace",
                    "0s")
                .assertExit(ExitCode.SOURCE_REFUSED.value());

        assertThat(s3Like.requests())
            .extracting(r -> r.header("x-amz-expected-bucket-owner"))
            .contains("999999999999");
        assertThat(result.err())
            .contains("access denied to " + uri() + " or not owned by account 999999999999");
      }
      assertUntouched();
    }

    @Test
    void expectsTheInstancesOwnAccountByDefault() {
      putKms(Samples.dockercfgFragment());
      imds.accountId("444455556666");
      try (FaultyProxy s3Like = FaultyProxy.start(s3.endpoint()).bucketOwner(TestKms.ACCOUNT_ID)) {
        apply(s3Like.url(), "--access-denied-grace", "0s")
            .assertExit(ExitCode.SOURCE_REFUSED.value());
        apply(s3Like.url(), "--expected-bucket-owner", "any").assertExit(0);

        assertThat(s3Like.requests())
            .extracting(r -> r.header("x-amz-expected-bucket-owner"))
            .containsExactly("444455556666", null);
      }
    }

    @Test
    void refusesASymlinkedEcsConfig() throws IOException {
      putKms(Samples.dockercfgFragment());
      Path real = Files.write(directory.resolve("real.config"), original);
      Files.delete(ecsConfig);
      Files.createSymbolicLink(ecsConfig, real);

      CliResult result = apply().assertExit(ExitCode.LOCAL_FILE.value());

      assertThat(result.err()).contains("symbolic link");
      assertThat(Files.readAllBytes(real)).isEqualTo(original);
    }
  }

  @Nested
  class BootTiming {
    @Test
    void succeedsWhenRoleCredentialsAppearAfterASecond() {
      putKms(Samples.dockercfgFragment());
      // Late enough for at least two refused attempts (backoff 200-400 ms, then 400-800 ms).
      imds.credentialsAvailableAfter(Duration.ofSeconds(1));

      CliResult result = apply().assertExit(0);

      assertThat(result.err()).contains("WARN").contains("retrying in");
    }

    @Test
    void retriesThrottlingAndServerErrors() {
      putKms(Samples.dockercfgFragment());
      try (FaultyProxy flaky = FaultyProxy.start(s3.endpoint()).failNext(3, 503, "SlowDown")) {
        CliResult result = apply(flaky.url()).assertExit(0);

        assertThat(result.err()).contains("HTTP 503 SlowDown");
        assertThat(flaky.requests()).hasSizeGreaterThanOrEqualTo(4);
      }
    }

    @Test
    void retriesAccessDeniedDuringTheGracePeriod() {
      putKms(Samples.dockercfgFragment());
      try (FaultyProxy propagating =
          FaultyProxy.start(s3.endpoint()).denyAccessFor(Duration.ofSeconds(1))) {
        apply(propagating.url(), "--access-denied-grace", "20s").assertExit(0);
      }
    }

    @Test
    void givesUpWithExit6WhenCredentialsNeverCome() throws IOException {
      putKms(Samples.dockercfgFragment());
      imds.roleName(null);

      CliResult result = apply("--timeout", "1s").assertExit(ExitCode.DEADLINE.value());

      assertThat(result.err()).contains("still failing after");
      assertUntouched();
    }
  }

  @Nested
  class Output {
    @Test
    void dryRunPrintsARedactedDiffAndWritesNothing() throws IOException {
      putKms(Samples.dockercfgFragment());

      CliResult result = apply("--dry-run").assertExit(0);

      assertThat(result.out())
          .contains(
              "--- " + ecsConfig,
              "+ECS_ENGINE_AUTH_TYPE=dockercfg",
              "+ECS_ENGINE_AUTH_DATA=[redacted]");
      assertThat(result.err()).contains("dry-run");
      assertUntouched();
    }

    @Test
    void jsonPrintsOneSummaryOnStdout() throws IOException {
      putKms(Samples.dockercfgFragment());

      CliResult result = apply("--json").assertExit(0);

      JsonNode summary = new ObjectMapper().readTree(result.out());
      assertThat(summary.get("status").asText()).isEqualTo("changed");
      assertThat(summary.get("sources").get(0).get("uri").asText()).isEqualTo(uri());
      assertThat(summary.get("sources").get(0).get("encryption").asText()).isEqualTo("aws:kms");
      assertThat(summary.get("keys").get("added")).hasSize(2);
      assertThat(summary.get("registries").get(0).asText()).isEqualTo(Samples.REGISTRY);
    }

    @Test
    void jsonReplacesTheProgressLines() {
      putKms(Samples.dockercfgFragment());

      CliResult result = apply("--json").assertExit(0);

      assertThat(result.err()).doesNotContain("INFO");
    }

    @Test
    void jsonReportsFailuresWithTheirProblems() throws IOException {
      putKms(Samples.authsWrapperFragment());

      CliResult result = apply("--json").assertExit(ExitCode.INVALID_CONTENT.value());

      JsonNode report = new ObjectMapper().readTree(result.out());
      assertThat(report.get("status").asText()).isEqualTo("error");
      assertThat(report.get("exitCode").asInt()).isEqualTo(3);
      JsonNode problem = report.get("problems").get(0);
      assertThat(problem.get("source").asText()).isEqualTo(uri());
      assertThat(problem.get("line").asInt()).isEqualTo(2);
      assertThat(problem.get("severity").asText()).isEqualTo("error");
    }

    @Test
    void verboseStackTracesLeakNothing() {
      putKms(Samples.authsWrapperFragment());

      CliResult result = apply("--verbose").assertExit(ExitCode.INVALID_CONTENT.value());

      assertThat(result.err()).contains("at dev.ecsbootstrap.");
    }

    @Test
    void mergesSeveralFragmentsInOrder() throws IOException {
      applyBoth(
              "team-a.env",
              Samples.dockercfgFragment(Samples.REGISTRY),
              "team-b.env",
              Samples.dockercfgFragment(Samples.OTHER_REGISTRY))
          .assertExit(0);

      assertThat(AgentView.credentials(ecsConfig, Samples.REGISTRY))
          .containsExactly(Canary.USERNAME, Canary.SECRET);
      assertThat(AgentView.credentials(ecsConfig, Samples.OTHER_REGISTRY))
          .containsExactly(Canary.USERNAME, Canary.SECRET);
    }

    @Test
    void combinesTheTwoPublishedTypesAsDocker() throws IOException {
      // What publish writes from a config.json (dockercfg) and from --username (docker).
      applyBoth(
              "from-config-json.env",
              Samples.dockercfgFragment(Samples.REGISTRY),
              "from-username.env",
              Samples.dockerFragment(Samples.OTHER_REGISTRY))
          .assertExit(0);

      assertThat(Files.readString(ecsConfig)).contains("\nECS_ENGINE_AUTH_TYPE=docker\n");
      assertThat(AgentView.credentials(ecsConfig, Samples.REGISTRY))
          .containsExactly(Canary.USERNAME, Canary.SECRET);
      assertThat(AgentView.credentials(ecsConfig, Samples.OTHER_REGISTRY))
          .containsExactly(Canary.USERNAME, Canary.SECRET);
    }
  }

  @Nested
  class WithAStateFile {
    @Test
    void aSecondRunReportsEverySourceNotModifiedAndLeavesTheFileAlone() throws IOException {
      putKms(Samples.dockercfgFragment());
      String state = directory.resolve("state/state.json").toString();
      apply("--state-file", state).assertExit(0);
      byte[] written = Files.readAllBytes(ecsConfig);
      FileTime modified = Files.getLastModifiedTime(ecsConfig);

      CliResult second = apply("--state-file", state, "--json").assertExit(0);

      JsonNode summary = new ObjectMapper().readTree(second.out());
      assertThat(summary.get("sourceStatus").get(0).get("status").asText())
          .isEqualTo("not-modified");
      assertThat(summary.get("agentRestart").asText()).isEqualTo("not-requested");
      assertThat(summary.get("sources")).isEmpty();
      assertThat(Files.readAllBytes(ecsConfig)).isEqualTo(written);
      assertThat(Files.getLastModifiedTime(ecsConfig)).isEqualTo(modified);
    }

    @Test
    void forceWithoutRestartAgentIsAUsageError() {
      putKms(Samples.dockercfgFragment());

      apply("--force").assertExit(ExitCode.USAGE.value());
    }
  }
}
