package dev.ecsbootstrap.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.testing.Canary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishResultTest {
  private static final String TO = "s3://my-config-bucket/ecs/registry-auth.env";
  private static final String KEY_ARN =
      "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String REDACTED =
      "ECS_ENGINE_AUTH_TYPE=dockercfg\n"
          + "ECS_ENGINE_AUTH_DATA={\"ghcr.io\":{\"auth\":\"[redacted]\"}}";

  /** What a docker login for ghcr.io prepares: the real fragment holds the canary. */
  private static final PreparedFragment PREPARED =
      new PreparedFragment(
          Secret.of(
              "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\"ghcr.io\":{\"auth\":\""
                  + Canary.auth()
                  + "\"}}\n"),
          REDACTED,
          "dockercfg",
          List.of("ghcr.io", "quay.io"));

  private static final Uploaded UPLOADED =
      new Uploaded(Optional.of("3HL4kqtJ"), "\"9b2cf535\"", Optional.of(KEY_ARN));

  private static PublishRequest request(Optional<String> kmsKeyId) {
    return new PublishRequest(
        S3Uri.parse(TO),
        new PublishInput.DockerConfig(Path.of("config.json"), List.of("ghcr.io")),
        Optional.empty(),
        kmsKeyId,
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.of("eu-west-1"),
        Duration.ofSeconds(30),
        false);
  }

  private static PublishResult uploaded(Optional<String> kmsKeyId, Uploaded uploaded) {
    return new PublishResult(request(kmsKeyId), PREPARED, Optional.of(uploaded));
  }

  private static PublishResult dryRun() {
    return new PublishResult(request(Optional.of(KEY_ARN)), PREPARED, Optional.empty());
  }

  @Test
  void anUploadPrintsTheApplyLineWithTheKeyToCheck() {
    assertThat(uploaded(Optional.of(KEY_ARN), UPLOADED).resultLines())
        .containsExactly("java -jar ecs-bootstrap.jar apply " + TO + " --kms-key-id " + KEY_ARN);
  }

  @Test
  void theApplyLineLeavesOutAnAliasWhichApplyCannotCheck() {
    // S3 reports the key an object is under, never the alias: apply could never match one.
    assertThat(uploaded(Optional.of("alias/ecs-config"), UPLOADED).applyLine())
        .isEqualTo("java -jar ecs-bootstrap.jar apply " + TO);
    assertThat(
            uploaded(Optional.of("arn:aws:kms:eu-west-1:111122223333:alias/ecs"), UPLOADED)
                .applyLine())
        .isEqualTo("java -jar ecs-bootstrap.jar apply " + TO);
  }

  @Test
  void theApplyLineWithoutAKeyNamesOnlyTheObject() {
    assertThat(uploaded(Optional.empty(), UPLOADED).applyLine())
        .isEqualTo("java -jar ecs-bootstrap.jar apply " + TO);
  }

  @Test
  void aDryRunPrintsTheRedactedFragmentLineByLine() {
    assertThat(dryRun().resultLines())
        .containsExactly(
            "ECS_ENGINE_AUTH_TYPE=dockercfg",
            "ECS_ENGINE_AUTH_DATA={\"ghcr.io\":{\"auth\":\"[redacted]\"}}");
  }

  @Test
  void theSummaryNamesVersionETagKeyFormatAndRegistries() {
    assertThat(uploaded(Optional.of(KEY_ARN), UPLOADED).summary())
        .isEqualTo(
            "uploaded "
                + TO
                + " (version 3HL4kqtJ), ETag \"9b2cf535\", SSE-KMS "
                + KEY_ARN
                + "; dockercfg for ghcr.io, quay.io");
  }

  @Test
  void theSummaryOfAnUnversionedUploadWithoutAReportedKeyLeavesThoseOut() {
    Uploaded bare = new Uploaded(Optional.empty(), "\"e1\"", Optional.empty());

    assertThat(uploaded(Optional.empty(), bare).summary())
        .isEqualTo("uploaded " + TO + ", ETag \"e1\", SSE-KMS; dockercfg for ghcr.io, quay.io");
  }

  @Test
  void jsonOfAnUploadHasEveryFieldAndNoCredential() {
    String json = uploaded(Optional.of(KEY_ARN), UPLOADED).toJson();

    assertThat(json)
        .isEqualTo(
            "{\"status\":\"uploaded\",\"uri\":\""
                + TO
                + "\",\"versionId\":\"3HL4kqtJ\",\"etag\":\"\\\"9b2cf535\\\"\",\"format\":\"dockercfg\","
                + "\"registries\":[\"ghcr.io\",\"quay.io\"],\"applyCommand\":\"java -jar"
                + " ecs-bootstrap.jar apply "
                + TO
                + " --kms-key-id "
                + KEY_ARN
                + "\"}");
    for (String secret : Canary.forms()) {
      assertThat(json).doesNotContain(secret);
    }
  }

  @Test
  void jsonOfADryRunSaysSoAndHasNoUploadFields() {
    assertThat(dryRun().toJson())
        .isEqualTo(
            "{\"status\":\"dry-run\",\"uri\":\""
                + TO
                + "\",\"versionId\":null,\"etag\":null,\"format\":\"dockercfg\","
                + "\"registries\":[\"ghcr.io\",\"quay.io\"],\"applyCommand\":null}");
  }
}
