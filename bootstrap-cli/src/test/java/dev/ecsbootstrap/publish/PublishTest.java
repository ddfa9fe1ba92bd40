package dev.ecsbootstrap.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.InputFiles;
import dev.ecsbootstrap.RecordingLog;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.AwsEnvironment;
import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.testing.Canary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The whole {@code publish} use case, input → fragment → apply's validation → upload → report, with
 * the S3 client for the resolved region and IMDS held in memory; no network.
 */
class PublishTest {
  private static final String TO = "s3://config-bucket/ecs/registry-auth.env";
  private static final String KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd";
  private static final String IMDS_REGION = "ap-southeast-2";

  @TempDir Path dir;

  private AwsClients aws;
  private final List<String> imdsPaths = new ArrayList<>();

  /** Answers as IMDS does on an instance in {@code IMDS_REGION}, or throws {@code imdsFailure}. */
  private RuntimeException imdsFailure;

  private final Ec2MetadataClient imds =
      new Ec2MetadataClient() {
        @Override
        public Ec2MetadataResponse get(String path) {
          imdsPaths.add(path);
          if (imdsFailure != null) {
            throw imdsFailure;
          }
          return Ec2MetadataResponse.create(
              "{\"accountId\":\"111122223333\",\"region\":\"" + IMDS_REGION + "\"}");
        }

        @Override
        public void close() {}
      };
  private final RecordingS3 s3 =
      new RecordingS3()
          .answer(
              PutObjectResponse.builder()
                  .versionId("v-1")
                  .eTag("\"e1\"")
                  .ssekmsKeyId(KEY_ARN)
                  .build());
  private final List<String> regions = new ArrayList<>();

  private final RecordingLog recording = new RecordingLog();
  private final List<String> log = recording.lines();

  @BeforeEach
  void clients() {
    // No region in the environment and no ~/.aws/config: the chain ends at --region or IMDS.
    aws = new AwsClients(Optional.empty(), AwsEnvironment.of(Map.of("HOME", dir.toString())), "");
  }

  @AfterEach
  void closeClients() {
    aws.close();
  }

  private PublishResult publish(PublishInput input, String stdin, boolean dryRun) {
    return publish(input, stdin, dryRun, Optional.of("eu-west-1"));
  }

  private PublishResult publish(
      PublishInput input, String stdin, boolean dryRun, Optional<String> regionFlag) {
    PublishRequest request =
        new PublishRequest(
            S3Uri.parse(TO),
            input,
            Optional.empty(),
            Optional.of(KEY_ARN),
            Optional.empty(),
            Optional.empty(),
            false,
            regionFlag,
            Duration.ofSeconds(5),
            dryRun);
    ByteArrayInputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    PublishResult result =
        new Publish(
                aws,
                in,
                recording,
                resolved -> {
                  regions.add(resolved);
                  return s3;
                },
                () -> imds)
            .run(request);
    for (String secret : Canary.forms()) {
      assertThat(String.join("\n", log)).doesNotContain(secret);
      assertThat(result.toJson()).doesNotContain(secret);
      assertThat(String.join("\n", result.resultLines())).doesNotContain(secret);
    }
    return result;
  }

  private String uploadedText() {
    assertThat(s3.puts()).hasSize(1);
    return new String(s3.puts().get(0).body(), StandardCharsets.UTF_8);
  }

  @Test
  void uploadsALoginInDockerFormatToTheResolvedRegion() {
    PublishResult result =
        publish(
            new PublishInput.Login("registry.example.com", "deploy"), Canary.SECRET + "\n", false);

    assertThat(regions).containsExactly("eu-west-1");
    assertThat(imdsPaths).as("--region given: IMDS is not asked").isEmpty();
    assertThat(uploadedText())
        .isEqualTo(
            "ECS_ENGINE_AUTH_TYPE=docker\nECS_ENGINE_AUTH_DATA={\"registry.example.com\":"
                + "{\"username\":\"deploy\",\"password\":\""
                + Canary.jsonEscaped()
                + "\"}}\n");
    assertThat(s3.puts().get(0).request().ssekmsKeyId()).isEqualTo(KEY_ARN);
    assertThat(result.uploaded())
        .contains(new Uploaded(Optional.of("v-1"), "\"e1\"", Optional.of(KEY_ARN)));
    assertThat(result.prepared().format()).isEqualTo("docker");
    assertThat(result.prepared().registries()).containsExactly("registry.example.com");
    assertThat(log)
        .containsExactly(
            "INFO uploaded "
                + TO
                + " (version v-1), ETag \"e1\", SSE-KMS "
                + KEY_ARN
                + "; docker for registry.example.com",
            "INFO put this line in the instances' user data:");
    assertThat(result.resultLines())
        .containsExactly("java -jar ecs-bootstrap.jar apply " + TO + " --kms-key-id " + KEY_ARN);
  }

  @Test
  void convertsADockerConfigToDockercfgByDefaultAndWarnsOfWhatItSkips() throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("config.json"),
            """
            {"auths": {"ghcr.io": {"auth": "%s"}, "quay.io": {"identitytoken": "t"}}}"""
                .formatted(Canary.auth()));

    PublishResult result = publish(new PublishInput.DockerConfig(config, List.of()), "", false);

    assertThat(uploadedText())
        .isEqualTo(
            "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\"ghcr.io\":{\"auth\":\""
                + Canary.auth()
                + "\"}}\n");
    assertThat(result.prepared().format()).isEqualTo("dockercfg");
    assertThat(log)
        .first()
        .isEqualTo(
            "WARN "
                + config
                + ":1: warning: skipped registry #2: has only an identity token, which the ECS agent"
                + " cannot use; log in with a password");
  }

  @Test
  void aDryRunShowsTheRedactedFragmentAndUploadsNothing() {
    PublishResult result =
        publish(new PublishInput.Login("registry.example.com", "deploy"), Canary.SECRET, true);

    assertThat(regions).as("no S3 client is even made").isEmpty();
    assertThat(s3.puts()).isEmpty();
    assertThat(result.uploaded()).isEmpty();
    assertThat(log).containsExactly("INFO dry run: nothing uploaded to " + TO);
    assertThat(result.resultLines())
        .containsExactly(
            "ECS_ENGINE_AUTH_TYPE=docker",
            "ECS_ENGINE_AUTH_DATA={\"registry.example.com\":{\"username\":\"[redacted]\","
                + "\"password\":\"[redacted]\"}}");
    // The fragment itself is ready to upload: the exact text a real run would send.
    assertThat(new String(result.prepared().bytes(), StandardCharsets.UTF_8))
        .startsWith("ECS_ENGINE_AUTH_TYPE=docker\n")
        .contains(Canary.jsonEscaped());
  }

  @Test
  void uploadsAFragmentFileAsIsAfterValidatingIt() throws IOException {
    String text =
        "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\"ghcr.io\":{\"auth\":\""
            + Canary.auth()
            + "\"}}\n";
    Path fragment = Files.writeString(dir.resolve("registry-auth.env"), text);

    PublishResult result = publish(new PublishInput.FragmentFile(fragment), "", false);

    assertThat(uploadedText()).isEqualTo(text);
    assertThat(result.prepared().format()).isEqualTo("dockercfg");
    assertThat(result.prepared().registries()).containsExactly("ghcr.io");
    assertThat(result.prepared().redacted())
        .isEqualTo("ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA=[redacted]");
  }

  @Test
  void aFragmentFileWithoutAuthIsPublishedWithTheFormatNoneAndItsWarningsLogged()
      throws IOException {
    Path fragment =
        Files.writeString(dir.resolve("cluster.env"), "ECS_CLUSTER=prod\nECS_CLUSTR=prod\n");

    PublishResult result = publish(new PublishInput.FragmentFile(fragment), "", true);

    assertThat(result.prepared().format()).isEqualTo("none");
    assertThat(result.prepared().registries()).isEmpty();
    assertThat(log)
        .containsExactly(
            "WARN "
                + fragment
                + ":2: warning: an unknown ECS_ key of 10 characters: the ECS agent does not read"
                + " it; did you mean ECS_CLUSTER?",
            "INFO dry run: nothing uploaded to " + TO);
    assertThat(result.resultLines())
        .containsExactly("ECS_CLUSTER=[redacted]", "ECS_CLUSTR=[redacted]");
  }

  @Test
  void withoutARegionConfiguredUploadsToTheInstancesOwnRegion() {
    publish(
        new PublishInput.Login("registry.example.com", "deploy"), "pw", false, Optional.empty());

    assertThat(imdsPaths).containsExactly("/latest/dynamic/instance-identity/document");
    assertThat(regions).containsExactly(IMDS_REGION);
    assertThat(s3.puts()).hasSize(1);
  }

  @Test
  void offAnInstanceWithoutARegionIsAUsageErrorAfterAShortQuietLookAtImds() {
    imdsFailure = SdkClientException.create("connect timed out");

    assertThatThrownBy(
            () ->
                publish(
                    new PublishInput.Login("registry.example.com", "deploy"),
                    "pw",
                    false,
                    Optional.empty()))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessage("no region: pass --region, set AWS_REGION, or run on an EC2 instance");
    // Not being on an instance is the normal case for publish: its retries are debug only.
    assertThat(log).isNotEmpty().allMatch(line -> line.startsWith("DEBUG "));
    assertThat(s3.puts()).isEmpty();
  }

  @Test
  void aPasswordOnStandardInputOverTheLimitIsRefusedAndNothingIsUploaded() {
    String overLimit = "p".repeat(InputFiles.MAX_BYTES + 1);

    assertThatThrownBy(
            () ->
                publish(new PublishInput.Login("registry.example.com", "deploy"), overLimit, false))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT));
    assertThat(s3.puts()).isEmpty();
  }

  @Test
  void aDockerConfigNamingOneRegistryTwiceUploadsTheExactKeysLoginAndWarnsOfTheOther()
      throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("config.json"),
            """
            {"auths": {"https://registry.example.com": {"auth": "%s"},
                       "registry.example.com": {"auth": "%s"}}}"""
                .formatted(Canary.auth("early", "pw1"), Canary.auth()));

    publish(new PublishInput.DockerConfig(config, List.of()), "", false);

    assertThat(uploadedText())
        .isEqualTo(
            "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\"registry.example.com\":"
                + "{\"auth\":\""
                + Canary.auth()
                + "\"}}\n");
    assertThat(log)
        .first()
        .isEqualTo(
            "WARN "
                + config
                + ":1: warning: skipped registry #1: the same registry as registry #2, whose login"
                + " is used (docker looks up the exact key first)");
  }
}
