package dev.ecsbootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.cli.Main;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import dev.ecsbootstrap.testing.faults.FaultyProxy;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The canary password through every command and every error path reachable in-process, in clear,
 * base64, base64 wrapped at 76 columns and as an option value: it never appears in stdout, stderr
 * (with {@code --verbose} stack traces), {@code --json} output, or any file the run wrote other
 * than the target ecs.config. Each path is one row of {@link #scenarios()}: a name, the exit code
 * expected, and what the run does; a new error path is one more row.
 */
class SecretsIT {
  private static final String KEY = "ecs/registry-auth.env";

  /** The role's keys that the IMDS emulator hands out are secrets too. */
  private static final List<String> IMDS_SECRETS =
      List.of("fake-imds-secret-access-key", "fake-imds-session-token");

  /** base64(user:password) of a password long enough that a 76-column wrap splits it. */
  private static final String LONG_AUTH =
      Canary.auth(Canary.USERNAME, Canary.SECRET.repeat(3) + "x");

  private static final List<String> WRAPPED_AUTH =
      Base64.getMimeEncoder()
          .encodeToString(Base64.getDecoder().decode(LONG_AUTH))
          .lines()
          .toList();

  @TempDir Path directory;

  /** Files this test wrote as input, with their bytes: they hold the secret by design. */
  private final Map<Path, byte[]> inputs = new HashMap<>();

  private S3Backend s3;
  private FakeImds imds;
  private String bucket;
  private Path ecsConfig;

  /** One way the canary reaches a command: its name, the exit code expected, and the run. */
  record Scenario(String name, ExitCode exit, Run run) {
    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  interface Run {
    CliResult run(SecretsIT fixture) throws IOException;
  }

  @BeforeEach
  void start() throws IOException {
    s3 = backend().sharedOrSkip("SecretsIT");
    bucket = "sec-" + UUID.randomUUID().toString().substring(0, 13);
    s3.createBucket(bucket);
    imds = FakeImds.start().accountId(TestKms.ACCOUNT_ID);
    ecsConfig = directory.resolve("etc/ecs/ecs.config");
    Files.createDirectories(ecsConfig.getParent());
    Files.write(ecsConfig, Samples.existingEcsConfig());
  }

  @AfterEach
  void stop() {
    if (imds != null) {
      imds.close();
    }
  }

  /** One strict server is enough here: moto where present, else S3Mock. */
  private static S3Backends backend() {
    return S3Backends.MOTO.unavailableReason().isEmpty() ? S3Backends.MOTO : S3Backends.S3MOCK;
  }

  static Stream<Scenario> scenarios() {
    return Stream.of(
        // validate: every kind of validation error, the canary in each form
        new Scenario(
            "validate: a valid docker fragment, password in clear",
            ExitCode.OK,
            f -> f.validate(Samples.dockerFragment(Samples.REGISTRY))),
        new Scenario(
            "validate --json: a valid dockercfg fragment, password in base64",
            ExitCode.OK,
            f -> f.validate(Samples.dockercfgFragment(), "--json")),
        new Scenario(
            "validate: auth wrapped at 76 columns",
            ExitCode.INVALID_CONTENT,
            f -> f.validate(wrapped())),
        new Scenario(
            "validate --json: auth wrapped at 76 columns",
            ExitCode.INVALID_CONTENT,
            f -> f.validate(wrapped(), "--json")),
        new Scenario(
            "validate -: auth wrapped at 76 columns on stdin",
            ExitCode.INVALID_CONTENT,
            f -> f.run(wrapped(), Map.of(), "validate", "-")),
        new Scenario(
            "validate: the password written as a key",
            ExitCode.INVALID_CONTENT,
            f -> f.validate(utf8("ECS_CLUSTER=prod\n" + Canary.SECRET + "=x\n"))),
        new Scenario(
            "validate: the base64 auth written as a key",
            ExitCode.INVALID_CONTENT,
            f -> f.validate(utf8(Canary.auth().replace("=", "") + "=x\n"))),
        new Scenario(
            "validate: the password in a registry key",
            ExitCode.INVALID_CONTENT,
            f ->
                f.validate(
                    dockercfg(
                        "{\"deploy:"
                            + Canary.jsonEscaped()
                            + "@registry.example.com\":{\"auth\":\""
                            + Canary.auth()
                            + "\"}}"))),
        new Scenario(
            "validate: the password as an unknown field's name",
            ExitCode.OK,
            f ->
                f.validate(
                    dockercfg(
                        "{\"registry.example.com\":{\"auth\":\""
                            + Canary.auth()
                            + "\",\""
                            + Canary.jsonEscaped()
                            + "\":\"x\"}}"))),
        new Scenario(
            "validate: the auths wrapper",
            ExitCode.INVALID_CONTENT,
            f -> f.validate(Samples.authsWrapperFragment())),
        new Scenario(
            "validate: malformed JSON right after the password",
            ExitCode.INVALID_CONTENT,
            f ->
                f.validate(
                    utf8(
                        "ECS_ENGINE_AUTH_TYPE=docker\nECS_ENGINE_AUTH_DATA={\"registry.example.com\":"
                            + "{\"username\":\"u\",\"password\":\""
                            + Canary.jsonEscaped()
                            + "\" \"x\"}}\n"))),
        new Scenario(
            "validate: auth that is not base64 of user:password",
            ExitCode.INVALID_CONTENT,
            f ->
                f.validate(
                    dockercfg(
                        "{\"registry.example.com\":{\"auth\":\""
                            + Base64.getEncoder()
                                .encodeToString(
                                    Canary.SECRET.replace(":", "").getBytes(StandardCharsets.UTF_8))
                            + "\"}}"))),
        new Scenario(
            "validate: a NUL and an escape sequence beside the password",
            ExitCode.INVALID_CONTENT,
            f ->
                f.validate(
                    utf8(
                        "ECS_CLUSTER=\u001b[31m"
                            + Canary.SECRET.replace("\"", "").replace("\\", "")
                            + "\u0000\n"))),
        new Scenario(
            "validate: the password in a value with a quote",
            ExitCode.INVALID_CONTENT,
            f -> f.validate(utf8("ECS_CLUSTER='" + Canary.SECRET + "'\n"))),
        // usage errors: the canary as an option value
        new Scenario(
            "publish --password-stdin=<canary>",
            ExitCode.USAGE,
            f -> f.run(new byte[0], Map.of(), "publish", "--password-stdin=" + Canary.SECRET)),
        new Scenario(
            "publish --password <canary> (no such option)",
            ExitCode.USAGE,
            f -> f.run(new byte[0], Map.of(), "publish", "--password", Canary.SECRET)),
        new Scenario(
            "apply --timeout <canary>",
            ExitCode.USAGE,
            f -> f.run(new byte[0], Map.of(), "apply", "s3://b/k", "--timeout", Canary.SECRET)),
        new Scenario(
            "apply --dry-run=<canary> --verbose",
            ExitCode.USAGE,
            f ->
                f.run(
                    new byte[0],
                    Map.of(),
                    "apply",
                    "s3://b/k",
                    "--dry-run=" + Canary.SECRET,
                    "-v")),
        new Scenario(
            "apply <canary as the S3 URI>",
            ExitCode.USAGE,
            f -> f.run(new byte[0], Map.of(), "apply", Canary.SECRET)),
        new Scenario(
            "render-userdata --config <canary>",
            ExitCode.USAGE,
            f ->
                f.run(
                    new byte[0],
                    Map.of(),
                    "render-userdata",
                    "--config",
                    Canary.SECRET,
                    "--jar",
                    "s3://b/j.jar",
                    "--jar-sha256",
                    "0".repeat(64))),
        new Scenario(
            "render-userdata --jar-sha256 <canary>",
            ExitCode.USAGE,
            f ->
                f.run(
                    new byte[0],
                    Map.of(),
                    "render-userdata",
                    "--config",
                    "s3://b/k",
                    "--jar",
                    "s3://b/j.jar",
                    "--jar-sha256",
                    Canary.SECRET)),
        // publish
        new Scenario(
            "publish --password-stdin --verbose",
            ExitCode.OK,
            f ->
                f.publish(
                    utf8(Canary.SECRET + "\n"),
                    "--username",
                    Canary.USERNAME,
                    "--password-stdin",
                    "--registry",
                    "registry.example.com",
                    "--verbose")),
        new Scenario(
            "publish --password-stdin --json",
            ExitCode.OK,
            f ->
                f.publish(
                    utf8(Canary.SECRET),
                    "--username",
                    Canary.USERNAME,
                    "--password-stdin",
                    "--registry",
                    "registry.example.com",
                    "--json")),
        new Scenario(
            "publish --password-stdin --dry-run",
            ExitCode.OK,
            f ->
                f.publish(
                    utf8(Canary.SECRET),
                    "--username",
                    Canary.USERNAME,
                    "--password-stdin",
                    "--registry",
                    "registry.example.com",
                    "--dry-run")),
        new Scenario(
            "publish --docker-config, auth in base64",
            ExitCode.OK,
            f ->
                f.publish(
                    new byte[0], "--docker-config", f.dockerConfig().toString(), "--verbose")),
        new Scenario(
            "publish --fragment, auth wrapped at 76 columns",
            ExitCode.INVALID_CONTENT,
            f ->
                f.publish(
                    new byte[0],
                    "--fragment",
                    f.file("wrapped.env", wrapped()).toString(),
                    "--verbose")),
        new Scenario(
            "publish --password-stdin to a bucket that does not exist",
            ExitCode.SOURCE_REFUSED,
            f ->
                f.run(
                    utf8(Canary.SECRET),
                    f.operatorEnvironment(),
                    "publish",
                    "--to",
                    "s3://no-such-" + f.bucket + "/" + KEY,
                    "--kms-key-id",
                    f.s3.kmsKeyReference(TestKms.KEY_ARN),
                    "--username",
                    Canary.USERNAME,
                    "--password-stdin",
                    "--registry",
                    "registry.example.com",
                    "--verbose")),
        // apply
        new Scenario(
            "apply, password in clear (docker)",
            ExitCode.OK,
            f -> f.apply(Samples.dockerFragment(Samples.REGISTRY), "--verbose")),
        new Scenario(
            "apply --json, auth in base64",
            ExitCode.OK,
            f -> f.apply(Samples.dockercfgFragment(), "--json")),
        new Scenario(
            "apply --dry-run --verbose",
            ExitCode.OK,
            f -> f.apply(Samples.dockercfgFragment(), "--dry-run", "--verbose")),
        new Scenario(
            "apply --target json --move-auth --json, ecs.config holding the password --verbose",
            ExitCode.OK,
            f -> {
              Files.write(f.ecsConfig, Samples.dockerFragment(Samples.REGISTRY));
              return f.apply(
                  Samples.dockercfgFragment(),
                  f.toJsonTarget("--move-auth", "--json", "--verbose"));
            }),
        new Scenario(
            "apply --target json --dry-run, ecs.config holding the password --verbose",
            ExitCode.OK,
            f -> {
              Files.write(f.ecsConfig, Samples.dockerFragment(Samples.REGISTRY));
              return f.apply(
                  Samples.dockercfgFragment(),
                  f.toJsonTarget("--move-auth", "--dry-run", "--verbose"));
            }),
        new Scenario(
            "apply --target json: ecs.config holds the password, no --move-auth --verbose",
            ExitCode.INVALID_CONTENT,
            f -> {
              Files.write(f.ecsConfig, Samples.dockerFragment(Samples.REGISTRY));
              return f.apply(Samples.dockercfgFragment(), f.toJsonTarget("--verbose"));
            }),
        new Scenario(
            "apply --target json: a malformed JSON file holding the password --verbose",
            ExitCode.INVALID_CONTENT,
            f -> {
              Files.createDirectories(f.ecsConfigJson().getParent());
              Files.writeString(f.ecsConfigJson(), "{\"EngineAuthData\": " + Canary.SECRET + "}");
              return f.apply(Samples.dockercfgFragment(), f.toJsonTarget("--verbose"));
            }),
        new Scenario(
            "apply: auth wrapped at 76 columns --verbose",
            ExitCode.INVALID_CONTENT,
            f -> f.apply(wrapped(), "--verbose")),
        new Scenario(
            "apply --json: the password written as a key",
            ExitCode.INVALID_CONTENT,
            f -> f.apply(utf8(Canary.SECRET + "=x\n"), "--json")),
        new Scenario(
            "apply: an object larger than 64 KiB holding the password",
            ExitCode.INVALID_CONTENT,
            f ->
                f.apply(
                    utf8(
                        new String(Samples.dockerFragment(Samples.REGISTRY), StandardCharsets.UTF_8)
                            + "ECS_CLUSTER="
                            + "x".repeat(70_000)
                            + "\n"),
                    "--verbose")),
        new Scenario(
            "apply: not found --verbose",
            ExitCode.SOURCE_REFUSED,
            f -> f.runApply(f.s3.endpoint(), Map.of(), "--verbose")),
        new Scenario(
            "apply: access denied --verbose --json",
            ExitCode.SOURCE_REFUSED,
            f -> {
              f.putKms(Samples.dockercfgFragment());
              try (FaultyProxy denying =
                  FaultyProxy.start(f.s3.endpoint()).denyAccessFor(Duration.ofMinutes(5))) {
                return f.runApply(
                    denying.url(), Map.of(), "--access-denied-grace", "0s", "--verbose", "--json");
              }
            }),
        new Scenario(
            "apply: bucket of another account --verbose",
            ExitCode.SOURCE_REFUSED,
            f -> {
              f.putKms(Samples.dockercfgFragment());
              try (FaultyProxy owned =
                  FaultyProxy.start(f.s3.endpoint()).bucketOwner(TestKms.ACCOUNT_ID)) {
                return f.runApply(
                    owned.url(),
                    Map.of(),
                    "--expected-bucket-owner",
                    "999999999999",
                    "--access-denied-grace",
                    "0s",
                    "--verbose");
              }
            }),
        new Scenario(
            "apply: object under another KMS key --verbose",
            ExitCode.ENCRYPTION_POLICY,
            f -> {
              f.s3.put(
                  f.bucket,
                  KEY,
                  Samples.dockercfgFragment(),
                  ObjectEncryption.kms(TestKms.OTHER_KEY_ARN));
              return f.runApply(
                  f.s3.endpoint(), Map.of(), "--kms-key-id", TestKms.KEY_ARN, "--verbose");
            }),
        new Scenario(
            "apply: IMDS down, operator's secret key is the canary --verbose",
            ExitCode.DEADLINE,
            f -> {
              f.putKms(Samples.dockercfgFragment());
              String stopped;
              try (FakeImds gone = FakeImds.start()) {
                stopped = gone.url().toString();
              }
              return f.runApply(
                  f.s3.endpoint(),
                  Map.of(
                      "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                      stopped,
                      "AWS_ACCESS_KEY_ID",
                      "AKIDOPERATOR",
                      "AWS_SECRET_ACCESS_KEY",
                      Canary.SECRET),
                  "--timeout",
                  "1s",
                  "--verbose");
            }),
        new Scenario(
            "apply: the operator's secret key and session token are the canary --verbose",
            ExitCode.OK,
            f -> {
              f.putKms(Samples.dockercfgFragment());
              return f.runApply(
                  f.s3.endpoint(),
                  Map.of(
                      "AWS_ACCESS_KEY_ID",
                      "AKIDOPERATOR",
                      "AWS_SECRET_ACCESS_KEY",
                      Canary.SECRET,
                      "AWS_SESSION_TOKEN",
                      Canary.auth()),
                  "--region",
                  "us-east-1",
                  "--expected-bucket-owner",
                  "any",
                  "--verbose");
            }),
        // the error paths issue 11 added: deadline, IMDS refusal, files, oversized and odd input
        new Scenario(
            "apply: S3 never answers --verbose",
            ExitCode.DEADLINE,
            f -> {
              f.putKms(Samples.dockercfgFragment());
              try (FaultyProxy hanging = FaultyProxy.start(f.s3.endpoint()).hang()) {
                return f.runApply(hanging.url(), Map.of(), "--timeout", "1s", "--verbose");
              }
            }),
        new Scenario(
            "apply: IMDS refuses the token --verbose --json",
            ExitCode.SOURCE_REFUSED,
            f -> {
              f.putKms(Samples.dockercfgFragment());
              f.imds.tokenStatus(403);
              return f.runApply(f.s3.endpoint(), Map.of(), "--verbose", "--json");
            }),
        new Scenario(
            "apply: ecs.config's folder others may write --verbose",
            ExitCode.LOCAL_FILE,
            f -> {
              f.putKms(Samples.dockercfgFragment());
              Files.setPosixFilePermissions(
                  f.ecsConfig.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
              return f.runApply(f.s3.endpoint(), Map.of(), "--verbose");
            }),
        new Scenario(
            "publish --password-stdin: over 1 MiB of the password --verbose",
            ExitCode.INVALID_CONTENT,
            f ->
                f.publish(
                    utf8(Canary.SECRET.repeat(1024 * 1024 / Canary.SECRET.length() + 1)),
                    "--username",
                    Canary.USERNAME,
                    "--password-stdin",
                    "--registry",
                    "registry.example.com",
                    "--verbose")),
        new Scenario(
            "publish --docker-config: an auth that is not UTF-8 --verbose",
            ExitCode.INVALID_CONTENT,
            f -> {
              byte[] login = utf8(Canary.USERNAME + ":" + Canary.SECRET + "\u00e9");
              login[login.length - 2] = (byte) 0xe9;
              login = Arrays.copyOf(login, login.length - 1);
              Path config =
                  f.file(
                      "latin1-config.json",
                      utf8(
                          "{\"auths\":{\"registry.example.com\":{\"auth\":\""
                              + java.util.Base64.getEncoder().encodeToString(login)
                              + "\"}}}"));
              return f.publish(new byte[0], "--docker-config", config.toString(), "--verbose");
            }),
        new Scenario(
            "publish --docker-config: one registry under two keys --verbose",
            ExitCode.OK,
            f -> {
              Path config =
                  f.file(
                      "twice-config.json",
                      utf8(
                          "{\"auths\":{\"https://registry.example.com\":{\"auth\":\""
                              + Canary.auth("other-user", Canary.SECRET)
                              + "\"},\"registry.example.com\":{\"auth\":\""
                              + Canary.auth()
                              + "\"}}}"));
              return f.publish(new byte[0], "--docker-config", config.toString(), "--verbose");
            }),
        // render-userdata: the canary never reaches it but as an option value (above)
        new Scenario(
            "render-userdata --cloudformation",
            ExitCode.OK,
            f -> f.run(new byte[0], Map.of(), "render-userdata", "--cloudformation")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theCanaryNeverLeavesThroughAnyOutputOrFile(Scenario scenario) throws IOException {
    Map<Path, byte[]> before = snapshot();

    CliResult result = scenario.run().run(this);

    List<String> secrets = new ArrayList<>(IMDS_SECRETS);
    secrets.addAll(WRAPPED_AUTH);
    secrets.add(LONG_AUTH);
    result.assertExit(scenario.exit().value()).assertNoSecretLeak(secrets.toArray(String[]::new));
    assertNoSecretInFilesWrittenBesideTheTarget(before, secrets);
  }

  /**
   * The canary as the value of each text option (a secret pasted into the wrong option): whatever
   * the outcome, never echoed. Options that take a local path are left out: a path is the
   * operator's own and is named in messages by design.
   */
  @ParameterizedTest(name = "{0} {1} <canary>")
  @CsvSource({
    "apply, --region",
    "apply, --endpoint-url",
    "apply, --cluster",
    "apply, --kms-key-id",
    "apply, --expected-bucket-owner",
    "apply, --target",
    "publish, --registry",
    "publish, --to",
    "publish, --username",
    "publish, --format",
    "publish, --if-match",
    "publish, --kms-key-id",
    "publish, --expected-bucket-owner",
    "publish, --region",
    "publish, --endpoint-url",
    "render-userdata, --template",
    "render-userdata, --config",
    "render-userdata, --jar",
    "render-userdata, --jar-sha256",
    "render-userdata, --kms-key-id",
    "render-userdata, --expected-bucket-owner",
    "render-userdata, --region",
    "render-userdata, --cluster",
    "render-userdata, --jar-region",
    "render-userdata, --rotation-interval",
    "render-userdata, --target"
  })
  void aCanaryAsATextOptionsValueIsNeverEchoed(String command, String option) throws IOException {
    Map<Path, byte[]> before = snapshot();
    CliResult result =
        switch (command) {
          case "apply" -> {
            putKms(Samples.dockercfgFragment());
            yield runApply(s3.endpoint(), Map.of(), "--timeout", "2s", option, Canary.SECRET);
          }
          case "publish" ->
              publish(
                  utf8(Canary.SECRET),
                  "--username",
                  Canary.USERNAME,
                  "--password-stdin",
                  "--registry",
                  "registry.example.com",
                  "--timeout",
                  "2s",
                  option,
                  Canary.SECRET);
          default ->
              run(
                  new byte[0],
                  Map.of(),
                  "render-userdata",
                  "--config",
                  "s3://cfg-bucket/k",
                  "--jar",
                  "s3://cfg-bucket/j.jar",
                  "--jar-sha256",
                  "0".repeat(64),
                  option,
                  Canary.SECRET);
        };

    result.assertNoSecretLeak(IMDS_SECRETS.toArray(String[]::new));
    assertNoSecretInFilesWrittenBesideTheTarget(before, IMDS_SECRETS);
  }

  @Test
  void theWrappedFormSplitsTheSecretAcrossLines() {
    assertThat(WRAPPED_AUTH).hasSizeGreaterThan(1).allMatch(line -> line.length() <= 76);
    assertThat(scenarios().map(Scenario::name)).doesNotHaveDuplicates();
  }

  /**
   * Every file that the run created or changed, other than the target, holds no form of the secret;
   * files the test wrote as input are compared with their bytes before the run.
   */
  private void assertNoSecretInFilesWrittenBesideTheTarget(
      Map<Path, byte[]> before, List<String> extraSecrets) throws IOException {
    List<String> secrets = new ArrayList<>(Canary.forms());
    secrets.addAll(extraSecrets);
    for (Map.Entry<Path, byte[]> file : snapshot().entrySet()) {
      if (file.getKey().equals(ecsConfig)
          || file.getKey().equals(ecsConfigJson())
          || Arrays.equals(before.get(file.getKey()), file.getValue())
          || Arrays.equals(inputs.get(file.getKey()), file.getValue())) {
        continue;
      }
      String text = new String(file.getValue(), StandardCharsets.UTF_8);
      for (String secret : secrets) {
        assertThat(text.contains(secret))
            .as(
                "a secret (#%d) in %s",
                secrets.indexOf(secret), directory.relativize(file.getKey()))
            .isFalse();
      }
    }
  }

  private Map<Path, byte[]> snapshot() throws IOException {
    Map<Path, byte[]> files = new HashMap<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : walk.filter(Files::isRegularFile).toList()) {
        files.put(path, Files.readAllBytes(path));
      }
    }
    return files;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] dockercfg(String data) {
    return utf8("ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA=" + data + "\n");
  }

  /** A dockercfg fragment whose auth a tool wrapped at 76 columns. */
  private static byte[] wrapped() {
    return dockercfg(
        "{\"registry.example.com\":{\"auth\":\"" + String.join("\n", WRAPPED_AUTH) + "\"}}");
  }

  private Path file(String name, byte[] content) throws IOException {
    Path file = Files.write(directory.resolve(name), content);
    inputs.put(file, content.clone());
    return file;
  }

  private Path dockerConfig() throws IOException {
    return file(
        "config.json",
        utf8("{\"auths\":{\"registry.example.com\":{\"auth\":\"" + Canary.auth() + "\"}}}"));
  }

  private CliResult validate(byte[] fragment, String... flags) throws IOException {
    List<String> args = new ArrayList<>(List.of("validate"));
    args.addAll(List.of(flags));
    args.add(file("fragment.env", fragment).toString());
    return run(new byte[0], Map.of(), args.toArray(String[]::new));
  }

  private void putKms(byte[] fragment) {
    s3.put(bucket, KEY, fragment, ObjectEncryption.kms(TestKms.KEY_ARN));
  }

  /** The agent's JSON config file beside ecs.config: a second target, which holds the password. */
  private Path ecsConfigJson() {
    return ecsConfig.resolveSibling("ecs.config.json");
  }

  private String[] toJsonTarget(String... flags) {
    List<String> all =
        new ArrayList<>(
            List.of("--target", "json", "--ecs-config-json", ecsConfigJson().toString()));
    all.addAll(List.of(flags));
    return all.toArray(String[]::new);
  }

  private CliResult apply(byte[] fragment, String... flags) {
    putKms(fragment);
    return runApply(s3.endpoint(), Map.of(), flags);
  }

  private CliResult runApply(URI s3Endpoint, Map<String, String> environment, String... flags) {
    Map<String, String> all = new HashMap<>(environment);
    all.putIfAbsent("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url().toString());
    all.put("AWS_ENDPOINT_URL_S3", s3Endpoint.toString());
    List<String> args =
        new ArrayList<>(
            List.of("apply", "s3://" + bucket + "/" + KEY, "--ecs-config", ecsConfig.toString()));
    args.addAll(List.of(flags));
    return run(new byte[0], all, args.toArray(String[]::new));
  }

  private Map<String, String> operatorEnvironment() {
    return Map.of(
        "AWS_ACCESS_KEY_ID", "AKIAOPERATOREXAMPLE",
        "AWS_SECRET_ACCESS_KEY", "operator-secret-key",
        "AWS_REGION", "us-east-1",
        "AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
  }

  private CliResult publish(byte[] stdin, String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "publish",
                "--to",
                "s3://" + bucket + "/" + KEY,
                "--kms-key-id",
                s3.kmsKeyReference(TestKms.KEY_ARN)));
    args.addAll(List.of(flags));
    return run(stdin, operatorEnvironment(), args.toArray(String[]::new));
  }

  private CliResult run(byte[] stdin, Map<String, String> environment, String... args) {
    return CliRunner.run(Main::run, stdin, environment, args);
  }
}
