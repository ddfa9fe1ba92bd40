package dev.ecsbootstrap.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.aws.Deadline;
import dev.ecsbootstrap.aws.Retrier;
import dev.ecsbootstrap.aws.S3Uri;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

class S3FragmentPublisherTest {
  private static final S3Uri URI = S3Uri.parse("s3://config-bucket/ecs/registry-auth.env");
  private static final String KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd";
  private static final byte[] FRAGMENT =
      "ECS_ENGINE_AUTH_TYPE=docker\n".getBytes(StandardCharsets.UTF_8);

  private final RecordingS3 s3 = new RecordingS3();
  private final List<String> retries = new ArrayList<>();

  private Uploaded upload(Destination destination) {
    Retrier retrier =
        new Retrier(Deadline.after(Duration.ofSeconds(5)), Duration.ZERO, retries::add);
    return new S3FragmentPublisher(s3, retrier).upload(destination, FRAGMENT);
  }

  private static Destination plain() {
    return new Destination(URI, Optional.empty(), Optional.empty(), Optional.empty(), false);
  }

  private static S3Exception status(int status, String code) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .requestId("REQ123")
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
            .build();
  }

  @Test
  void putsTheFragmentSseKmsWithAChecksumAndReportsWhatS3Answered() {
    s3.answer(
        PutObjectResponse.builder()
            .versionId("v-42")
            .eTag("\"9b2c\"")
            .ssekmsKeyId(KEY_ARN)
            .build());

    Uploaded uploaded = upload(plain());

    assertThat(uploaded)
        .isEqualTo(new Uploaded(Optional.of("v-42"), "\"9b2c\"", Optional.of(KEY_ARN)));
    PutObjectRequest request = s3.puts().get(0).request();
    assertThat(request.bucket()).isEqualTo("config-bucket");
    assertThat(request.key()).isEqualTo("ecs/registry-auth.env");
    assertThat(request.contentType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(request.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(request.checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.SHA256);
    // Unset means the bucket's default key, or aws/s3; no owner check and no condition asked.
    assertThat(request.ssekmsKeyId()).isNull();
    assertThat(request.expectedBucketOwner()).isNull();
    assertThat(request.ifMatch()).isNull();
    assertThat(request.ifNoneMatch()).isNull();
    assertThat(s3.puts().get(0).body()).isEqualTo(FRAGMENT);
  }

  @Test
  void anUnversionedBucketAndNoKeyInTheAnswerLeaveThoseEmpty() {
    s3.answer(PutObjectResponse.builder().eTag("\"e1\"").build());

    assertThat(upload(plain()))
        .isEqualTo(new Uploaded(Optional.empty(), "\"e1\"", Optional.empty()));
  }

  @Test
  void sendsTheKeyTheBucketOwnerAndTheETagCondition() {
    s3.answer(PutObjectResponse.builder().eTag("\"new\"").build());

    upload(
        new Destination(
            URI, Optional.of(KEY_ARN), Optional.of("111122223333"), Optional.of("\"old\""), false));

    PutObjectRequest request = s3.puts().get(0).request();
    assertThat(request.ssekmsKeyId()).isEqualTo(KEY_ARN);
    assertThat(request.expectedBucketOwner()).isEqualTo("111122223333");
    assertThat(request.ifMatch()).isEqualTo("\"old\"");
    assertThat(request.ifNoneMatch()).isNull();
  }

  @Test
  void noOverwriteCreatesOnlyWithIfNoneMatchStar() {
    s3.answer(PutObjectResponse.builder().eTag("\"new\"").build());

    upload(new Destination(URI, Optional.empty(), Optional.empty(), Optional.empty(), true));

    assertThat(s3.puts().get(0).request().ifNoneMatch()).isEqualTo("*");
    assertThat(s3.puts().get(0).request().ifMatch()).isNull();
  }

  @Test
  void anExistingObjectUnderNoOverwriteIsAConflict() {
    s3.fail(status(412, "PreconditionFailed"));

    assertThatThrownBy(
            () ->
                upload(
                    new Destination(
                        URI, Optional.empty(), Optional.empty(), Optional.empty(), true)))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT))
        .hasMessage(
            "s3://config-bucket/ecs/registry-auth.env already exists (--no-overwrite); nothing"
                + " was uploaded");
    assertThat(s3.puts()).hasSize(1);
  }

  @Test
  void aChangedObjectUnderIfMatchIsAConflictNamingTheETag() {
    s3.fail(status(412, "PreconditionFailed"));

    assertThatThrownBy(
            () ->
                upload(
                    new Destination(
                        URI, Optional.empty(), Optional.empty(), Optional.of("\"old\""), false)))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT))
        .hasMessage(
            "s3://config-bucket/ecs/registry-auth.env has changed since ETag \"old\"; nothing was"
                + " uploaded");
  }

  @Test
  void accessDeniedNamesThePermissionsAnUploadNeeds() {
    s3.fail(status(403, "AccessDenied"));

    assertThatThrownBy(() -> upload(plain()))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED))
        .hasMessage(
            "access denied writing s3://config-bucket/ecs/registry-auth.env (HTTP 403 AccessDenied"
                + " (request id REQ123)); the caller needs s3:PutObject on it and"
                + " kms:GenerateDataKey on its key");
  }

  @Test
  void anotherRefusalIsReportedWithItsStatusNotAsAConflict() {
    s3.fail(status(400, "InvalidArgument"));

    assertThatThrownBy(() -> upload(plain()))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED))
        .hasMessage(
            "s3://config-bucket/ecs/registry-auth.env: HTTP 400 InvalidArgument (request id"
                + " REQ123)");
  }

  @Test
  void retriesAServerErrorAndUploadsOnTheNextAttempt() {
    s3.fail(status(503, "SlowDown")).answer(PutObjectResponse.builder().eTag("\"e2\"").build());

    assertThat(upload(plain()).etag()).isEqualTo("\"e2\"");
    assertThat(s3.puts()).hasSize(2);
    assertThat(retries)
        .singleElement()
        .asString()
        .startsWith("s3://config-bucket/ecs/registry-auth.env: HTTP 503 SlowDown");
  }
}
