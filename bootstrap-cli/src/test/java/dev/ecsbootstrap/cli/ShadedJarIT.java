package dev.ecsbootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.ecsconfig.AgentFileConfig;
import dev.ecsbootstrap.testing.AgentView;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import dev.ecsbootstrap.testing.agent.FakeAgentIntrospection;
import dev.ecsbootstrap.testing.agent.FakeAgentIntrospection.Answer;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import dev.ecsbootstrap.testing.imds.FakeImds;
import dev.ecsbootstrap.testing.s3.ObjectEncryption;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.S3Backends;
import dev.ecsbootstrap.testing.s3.TestKms;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as users get it, as a process: runnable with java -jar, one HTTP client, and what only a
 * process shows (exit codes, which stream gets what, the command line {@code ps} sees). The use
 * cases themselves are tested in-process ({@link ApplyIT}, {@link PublishIT}); tests that need a
 * real process (kills, locks) belong here, as another nested class.
 */
class ShadedJarIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static CliResult run(String... args) {
    return run(Map.of(), new byte[0], args);
  }

  /** The jar with only {@code environment}; fails if a canary secret is in its command line. */
  private static CliResult run(Map<String, String> environment, byte[] stdin, String... args) {
    return CliRunner.runJar(ShadedJar.path(), stdin, environment, TIMEOUT, args)
        .assertNoSecretLeak("fake-imds-secret-access-key", "fake-imds-session-token");
  }

  @Test
  void helpListsCommandsAndExitCodes() {
    CliResult result = run("--help").assertExit(0);

    assertThat(result.out()).contains("apply", "publish", "validate", "Exit Codes:");
    // Long meanings wrap onto indented lines.
    String unwrapped = result.out().replaceAll("\\s+", " ");
    for (ExitCode code : ExitCode.values()) {
      assertThat(unwrapped).contains(" " + code.value() + " " + code.meaning());
    }
  }

  @Test
  void everySubcommandHasHelpVersionAndTheExitCodes() {
    for (String command : ExitCode.Commands.NAMES) {
      assertThat(run(command, "--help").assertExit(0).out())
          .as(command)
          .startsWith("Usage: ecs-bootstrap " + command)
          .contains("Exit Codes:");
      assertThat(run(command, "--version").assertExit(0).out()).startsWith("ecs-bootstrap ");
    }
    assertThat(run("--version").assertExit(0).out()).startsWith("ecs-bootstrap ");
  }

  @Test
  void badArgumentsExitWithUsage() {
    assertThat(run("apply").assertExit(ExitCode.USAGE.value()).err())
        .contains("Missing required parameter")
        .contains("Try 'ecs-bootstrap apply --help'");
    assertThat(run("apply", "https://not-s3/x").assertExit(ExitCode.USAGE.value()).err())
        .contains("s3://BUCKET/KEY");
    run("apply", "s3://b-u-c/k", "--timeout", "soon").assertExit(ExitCode.USAGE.value());
    run("apply", "s3://b-u-c/k", "--expected-bucket-owner", "me")
        .assertExit(ExitCode.USAGE.value());
    run("apply", "s3://b-u-c/k", "--kms-key-id", "alias/aws/s3").assertExit(ExitCode.USAGE.value());
    run().assertExit(ExitCode.USAGE.value());
  }

  @Test
  void printsNoLoggingFrameworkNotices() {
    CliResult result = run("apply", "s3://b-u-c/k", "--kms-key-id", "alias/aws/s3");

    assertThat(result.err()).doesNotContain("SLF4J").doesNotContain("StaticLoggerBinder");
  }

  @Test
  void bundlesOnlyTheUrlConnectionHttpClient() throws IOException {
    try (JarFile jar = new JarFile(ShadedJar.path().toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.ecsbootstrap.cli.Main");
      assertThat(jar.stream().map(entry -> entry.getName()))
          .anyMatch(name -> name.startsWith("software/amazon/awssdk/http/urlconnection/"))
          .noneMatch(name -> name.startsWith("io/netty/"))
          .noneMatch(name -> name.startsWith("software/amazon/awssdk/http/apache"))
          .noneMatch(name -> name.startsWith("org/apache/http/"));
    }
  }

  /** CDS and the JDK 25 AOT cache skip class files older than Java 6 (major version 50). */
  @Test
  void shipsPicocliAsJava17ClassFilesSoAClassArchiveCanHoldThem() throws IOException {
    try (JarFile jar = new JarFile(ShadedJar.path().toFile())) {
      List<String> picocli =
          jar.stream()
              .map(entry -> entry.getName())
              .filter(name -> name.startsWith("picocli/") && name.endsWith(".class"))
              .toList();
      assertThat(picocli).hasSizeGreaterThan(100);
      for (String name : picocli) {
        try (DataInputStream in = new DataInputStream(jar.getInputStream(jar.getEntry(name)))) {
          assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
          in.readUnsignedShort();
          assertThat(in.readUnsignedShort()).as(name).isEqualTo(61);
        }
      }
    }
  }

  @Test
  void aPasswordOnStandardInputNeverReachesTheCommandLineOrTheOutput() {
    CliResult result =
        run(
            Map.of(),
            (Canary.SECRET + "\n").getBytes(StandardCharsets.UTF_8),
            "publish",
            "--to",
            "s3://b-u-c/k",
            "--username",
            Canary.USERNAME,
            "--password-stdin",
            "--registry",
            Samples.REGISTRY,
            "--dry-run");

    result.assertExit(0);
    assertThat(result.out()).contains("\"password\":\"[redacted]\"");
  }

  @Test
  void validationErrorsExit3OnStderrWithNothingOnStdout(@TempDir Path directory)
      throws IOException {
    Path bad = Files.write(directory.resolve("bad.env"), Samples.authsWrapperFragment());

    CliResult result = run("validate", bad.toString()).assertExit(ExitCode.INVALID_CONTENT.value());

    assertThat(result.out()).contains(bad + ":2: error:");
    assertThat(result.err()).isEmpty();
  }

  /** A real apply through the jar: S3Mock and the IMDS emulator, role credentials only. */
  /** wait-agent as an operator's unit runs it, against the introspection emulator. */
  @Test
  void waitAgentExits0OnceRegisteredAnd6WithTheLastStateAtItsTimeout() {
    try (FakeAgentIntrospection agent = FakeAgentIntrospection.start()) {
      agent.thenAnswer(
          Answer.withoutArn("prod"),
          Answer.registered(
              "prod", "arn:aws:ecs:us-east-1:111122223333:container-instance/prod/0a1b"));

      CliResult registered =
          run("wait-agent", "--url", agent.url().toString(), "--cluster", "prod").assertExit(0);

      assertThat(registered.err())
          .contains(
              "INFO waiting for the ECS agent: the agent answered without a container instance ARN")
          .contains(
              "INFO the ECS agent is registered:"
                  + " arn:aws:ecs:us-east-1:111122223333:container-instance/prod/0a1b in cluster prod");
      CliResult elsewhere =
          run(
                  "wait-agent",
                  "--url",
                  agent.url().toString(),
                  "--cluster",
                  "staging",
                  "--timeout",
                  "2s")
              .assertExit(ExitCode.DEADLINE.value());
      assertThat(elsewhere.err())
          .contains("last seen: registered in cluster prod, not staging")
          .as("nothing on stdout")
          .isNotEmpty();
      assertThat(elsewhere.out()).isEmpty();
    }
  }

  @Nested
  class AgainstS3 {
    private static final String KEY = "ecs/registry-auth.env";

    @TempDir Path directory;
    private S3Backend s3;
    private FakeImds imds;
    private String bucket;
    private Path ecsConfig;

    @BeforeEach
    void start() throws IOException {
      s3 = S3Backends.S3MOCK.shared();
      bucket = "jar-" + UUID.randomUUID().toString().substring(0, 13);
      s3.createBucket(bucket);
      imds = FakeImds.start().accountId(TestKms.ACCOUNT_ID);
      ecsConfig = directory.resolve("ecs.config");
      Files.write(ecsConfig, Samples.existingEcsConfig());
    }

    @AfterEach
    void stop() {
      imds.close();
    }

    private CliResult apply(String... extraArgs) {
      List<String> args = new ArrayList<>(List.of("apply", "s3://" + bucket + "/" + KEY));
      args.addAll(List.of("--ecs-config", ecsConfig.toString()));
      args.addAll(List.of(extraArgs));
      return run(
          Map.of(
              "AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url().toString(),
              "AWS_ENDPOINT_URL_S3", s3.endpoint().toString()),
          new byte[0],
          args.toArray(String[]::new));
    }

    @Test
    void progressGoesToStderrAndStdoutStaysEmpty() throws IOException {
      s3.put(bucket, KEY, Samples.dockercfgFragment(), ObjectEncryption.kms(TestKms.KEY_ARN));

      CliResult result = apply().assertExit(0);

      assertThat(result.out()).isEmpty();
      assertThat(result.err()).contains("[ecs-bootstrap] INFO fetched s3://" + bucket);
      assertThat(AgentView.credentials(ecsConfig, Samples.REGISTRY))
          .containsExactly(Canary.USERNAME, Canary.SECRET);
    }

    @Test
    void jsonIsTheOnlyThingOnStdout() throws IOException {
      s3.put(bucket, KEY, Samples.dockercfgFragment(), ObjectEncryption.kms(TestKms.KEY_ARN));

      CliResult result = apply("--json").assertExit(0);

      assertThat(new ObjectMapper().readTree(result.out()).get("status").asText())
          .isEqualTo("changed");
      assertThat(result.err()).doesNotContain("INFO");
    }

    @Test
    void eachRefusalEndsTheProcessWithItsCode() throws IOException {
      apply().assertExit(ExitCode.SOURCE_REFUSED.value());

      s3.put(bucket, KEY, Samples.dockercfgFragment(), ObjectEncryption.SSE_S3);
      apply().assertExit(ExitCode.ENCRYPTION_POLICY.value());

      s3.put(bucket, KEY, Samples.authsWrapperFragment(), ObjectEncryption.kms(TestKms.KEY_ARN));
      apply().assertExit(ExitCode.INVALID_CONTENT.value());

      s3.put(bucket, KEY, Samples.dockercfgFragment(), ObjectEncryption.kms(TestKms.KEY_ARN));
      imds.roleName(null);
      apply("--timeout", "1s").assertExit(ExitCode.DEADLINE.value());

      assertThat(Files.readAllBytes(ecsConfig)).isEqualTo(Samples.existingEcsConfig());
    }

    /**
     * apply --target json: refused while ecs.config has auth lines, then moved with --move-auth.
     */
    @Test
    void targetJsonMovesTheAuthOutOfEcsConfigIntoTheJsonFile() throws IOException {
      s3.put(bucket, KEY, Samples.dockercfgFragment(), ObjectEncryption.kms(TestKms.KEY_ARN));
      apply().assertExit(0);
      Path json = directory.resolve("ecs.config.json");
      String[] toJson = {"--target", "json", "--ecs-config-json", json.toString()};

      CliResult refused = apply(toJson).assertExit(ExitCode.INVALID_CONTENT.value());

      assertThat(refused.err())
          .contains(ecsConfig + ":4: error: ECS_ENGINE_AUTH_TYPE here would override")
          .contains(ecsConfig + ":5: error: ECS_ENGINE_AUTH_DATA here would override");
      assertThat(json).doesNotExist();
      List<String> moving = new ArrayList<>(List.of(toJson));
      moving.add("--move-auth");
      apply(moving.toArray(String[]::new)).assertExit(0);
      String ecsConfigText = Files.readString(ecsConfig, StandardCharsets.UTF_8);
      assertThat(ecsConfigText)
          .isEqualTo(new String(Samples.existingEcsConfig(), StandardCharsets.UTF_8));
      for (String secret : Canary.forms()) {
        assertThat(ecsConfigText).doesNotContain(secret);
      }
      AgentFileConfig agent = AgentFileConfig.decode(Files.readAllBytes(json));
      assertThat(agent.authType()).isEqualTo("dockercfg");
      assertThat(agent.authData().orElseThrow().get(Samples.REGISTRY).get("auth").asText())
          .isEqualTo(Canary.auth());
    }

    @Test
    void aSymlinkedTargetExits7() throws IOException {
      s3.put(bucket, KEY, Samples.dockercfgFragment(), ObjectEncryption.kms(TestKms.KEY_ARN));
      Path real = Files.write(directory.resolve("real.config"), Samples.existingEcsConfig());
      Files.delete(ecsConfig);
      Files.createSymbolicLink(ecsConfig, real);

      apply().assertExit(ExitCode.LOCAL_FILE.value());
    }
  }
}
