package dev.ecsbootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.testing.AgentView;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import dev.ecsbootstrap.testing.imds.FakeImds;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.S3Backends;
import dev.ecsbootstrap.testing.s3.TestKms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The operator's side, then the instance's: {@code publish} from a docker login, {@code apply} on a
 * fresh ecs.config, and the agent's view of the result decoded back to what went in.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(S3Backends.class)
class PublishIT {
  private static final String KEY = "ecs/registry-auth.env";
  private static final String PASSWORD = "pä:ss\"w\\ord-" + Canary.SECRET;

  @Parameter S3Backends backend;
  @TempDir Path directory;

  private S3Backend s3;
  private FakeImds imds;
  private String bucket;
  private Path ecsConfig;

  @BeforeEach
  void start() {
    s3 = backend.sharedOrSkip("PublishIT");
    bucket = "pub-" + UUID.randomUUID().toString().substring(0, 13);
    s3.createBucket(bucket);
    imds = FakeImds.start().accountId(TestKms.ACCOUNT_ID);
    ecsConfig = directory.resolve("etc/ecs/ecs.config");
  }

  @AfterEach
  void stop() {
    if (imds != null) {
      imds.close();
    }
  }

  private String uri() {
    return "s3://" + bucket + "/" + KEY;
  }

  /** Runs publish as an operator would: keys in the environment, the password only on stdin. */
  private CliResult publish(byte[] stdin, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of("publish", "--to", uri(), "--kms-key-id", s3.kmsKeyReference(TestKms.KEY_ARN)));
    all.addAll(List.of(args));
    Map<String, String> environment =
        Map.of(
            "AWS_ACCESS_KEY_ID", "AKIAOPERATOREXAMPLE",
            "AWS_SECRET_ACCESS_KEY", "operator-secret-key",
            "AWS_REGION", "us-east-1",
            "AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
    return CliRunner.run(Main::run, stdin, environment, all.toArray(String[]::new))
        .assertNoSecretLeak(PASSWORD, "operator-secret-key");
  }

  private CliResult apply() {
    Map<String, String> environment =
        Map.of(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url().toString(),
            "AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
    return CliRunner.run(
            Main::run, environment, "apply", uri(), "--ecs-config", ecsConfig.toString())
        .assertNoSecretLeak(PASSWORD);
  }

  private Path dockerConfig() throws IOException {
    String json =
        """
        {
          "auths": {
            "https://registry.example.com": {"auth": "%s"},
            "ghcr.io": {"auth": "%s"},
            "123456789012.dkr.ecr.us-east-1.amazonaws.com": {}
          },
          "credHelpers": {"123456789012.dkr.ecr.us-east-1.amazonaws.com": "ecr-login"}
        }"""
            .formatted(Canary.auth(), Canary.auth("bot", PASSWORD));
    return Files.writeString(directory.resolve("config.json"), json);
  }

  /**
   * Username and password the agent will use for {@code registry}, decoded as dockerauth.go does.
   */
  private static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private ResponseBytes<GetObjectResponse> stored() {
    return s3.client().getObjectAsBytes(request -> request.bucket(bucket).key(KEY));
  }

  @Test
  void dockerConfigRoundTripsThroughApply() throws IOException {
    CliResult published =
        publish(new byte[0], "--docker-config", dockerConfig().toString()).assertExit(0);

    assertThat(published.out().strip())
        .isEqualTo(
            "java -jar ecs-bootstrap.jar apply "
                + uri()
                + " --kms-key-id "
                + s3.kmsKeyReference(TestKms.KEY_ARN));
    assertThat(published.err())
        .contains("skipped registry #3: kept by the credential helper")
        .contains("dockercfg for registry.example.com, ghcr.io")
        // The ETag a later --if-match needs.
        .contains(", ETag " + stored().response().eTag() + ", SSE-KMS");
    apply().assertExit(0);
    assertThat(AgentView.credentials(ecsConfig, "registry.example.com"))
        .containsExactly(Canary.USERNAME, Canary.SECRET);
    assertThat(AgentView.credentials(ecsConfig, "ghcr.io")).containsExactly("bot", PASSWORD);
  }

  @Test
  void storesTheObjectWithSseKms() throws IOException {
    publish(new byte[0], "--docker-config", dockerConfig().toString()).assertExit(0);

    ResponseBytes<GetObjectResponse> object = stored();
    assertThat(object.response().serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(object.response().ssekmsKeyId()).endsWith(TestKms.KEY_ID);
    HeadObjectResponse head =
        s3.client().headObject(r -> r.bucket(bucket).key(KEY).checksumMode(ChecksumMode.ENABLED));
    assertThat(head.checksumSHA256())
        .as("SHA-256 stored with the object, for apply to verify")
        .isEqualTo(Base64.getEncoder().encodeToString(sha256(object.asByteArray())));
  }

  @Test
  void passwordFromStdinRoundTripsInDockerFormat() throws IOException {
    publish(
            (PASSWORD + "\n").getBytes(StandardCharsets.UTF_8),
            "--username",
            "deploy",
            "--password-stdin",
            "--registry",
            "https://Registry.Example.com/")
        .assertExit(0);

    apply().assertExit(0);
    assertThat(Files.readString(ecsConfig)).contains("ECS_ENGINE_AUTH_TYPE=docker\n");
    assertThat(AgentView.credentials(ecsConfig, "registry.example.com"))
        .containsExactly("deploy", PASSWORD);
  }

  @Test
  void convertsToTheDockerFormatOnRequest() throws IOException {
    publish(
            new byte[0],
            "--docker-config",
            dockerConfig().toString(),
            "--registry",
            "ghcr.io",
            "--format",
            "docker")
        .assertExit(0);

    apply().assertExit(0);
    assertThat(AgentView.credentials(ecsConfig, "ghcr.io")).containsExactly("bot", PASSWORD);
  }

  @Test
  void dryRunShowsTheRedactedFragmentAndUploadsNothing() throws IOException {
    CliResult result =
        publish(new byte[0], "--docker-config", dockerConfig().toString(), "--dry-run")
            .assertExit(0);

    assertThat(result.out())
        .contains("ECS_ENGINE_AUTH_TYPE=dockercfg")
        .contains("\"registry.example.com\":{\"auth\":\"[redacted]\"}");
    assertThatThrownBy(this::stored)
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
  }

  @Test
  void refusesAnInvalidFragmentBeforeUploading() throws IOException {
    Path fragment = Files.write(directory.resolve("auth.env"), Samples.authsWrapperFragment());

    CliResult result =
        publish(new byte[0], "--fragment", fragment.toString())
            .assertExit(ExitCode.INVALID_CONTENT.value());

    assertThat(result.err()).contains(fragment + ":2: error: ECS_ENGINE_AUTH_DATA/auths");
    assertThatThrownBy(this::stored).isInstanceOf(S3Exception.class);
  }

  @Test
  void uploadsAValidFragmentAsIs() throws IOException {
    Path fragment = Files.write(directory.resolve("auth.env"), Samples.dockercfgFragment());

    publish(new byte[0], "--fragment", fragment.toString()).assertExit(0);

    assertThat(stored().asByteArray()).isEqualTo(Samples.dockercfgFragment());
  }

  @Test
  void noOverwriteRefusesAnExistingObject() throws IOException {
    publish(new byte[0], "--docker-config", dockerConfig().toString(), "--no-overwrite")
        .assertExit(0);

    CliResult second =
        publish(new byte[0], "--docker-config", dockerConfig().toString(), "--no-overwrite");

    second.assertExit(ExitCode.CONFLICT.value());
    assertThat(second.err()).contains("already exists");
  }

  @Test
  void ifMatchRefusesAChangedObject() throws IOException {
    publish(new byte[0], "--docker-config", dockerConfig().toString()).assertExit(0);
    String etag = stored().response().eTag();

    publish(new byte[0], "--docker-config", dockerConfig().toString(), "--if-match", etag)
        .assertExit(0);
    CliResult stale =
        publish(
            new byte[0], "--docker-config", dockerConfig().toString(), "--if-match", "\"0000\"");

    stale.assertExit(ExitCode.CONFLICT.value());
    assertThat(stale.err()).contains("has changed since ETag");
  }
}
