package dev.ecsbootstrap.testing.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ecsbootstrap.testing.LoopbackOnly;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * What the apply tests rely on, checked on every S3 server present: the behaviours of real S3 we
 * use.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(S3Backends.class)
class S3BackendContractIT {
  @Parameter S3Backends kind;

  private S3Backend backend;
  private String bucket;

  @BeforeEach
  void start() {
    backend = kind.sharedOrSkip("S3BackendContractIT");
    bucket = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    backend.createBucket(bucket);
  }

  private ResponseBytes<GetObjectResponse> get(String key) {
    return backend.client().getObjectAsBytes(request -> request.bucket(bucket).key(key));
  }

  @Test
  void listensOnLoopback() {
    assumeTrue(
        kind != S3Backends.LOCALSTACK,
        "Docker publishes LocalStack's port on the interfaces its daemon is set up for, maybe on"
            + " another host; the child-process servers are ours to bind");

    LoopbackOnly.assertServedOnlyOnLoopback(backend.endpoint().getPort());
  }

  @Test
  void storesAndReportsSseKmsWithTheKey() {
    backend.put(
        bucket,
        "kms.env",
        "A=b\n".getBytes(StandardCharsets.UTF_8),
        ObjectEncryption.kms(TestKms.KEY_ARN));

    ResponseBytes<GetObjectResponse> object = get("kms.env");

    assertThat(object.asUtf8String()).isEqualTo("A=b\n");
    assertThat(object.response().serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(object.response().ssekmsKeyId()).endsWith(TestKms.KEY_ID);
  }

  @Test
  void reportsSseS3AsSomethingOtherThanKms() {
    backend.put(
        bucket, "s3.env", "A=b\n".getBytes(StandardCharsets.UTF_8), ObjectEncryption.SSE_S3);

    assertThat(get("s3.env").response().serverSideEncryption())
        .isNotIn(ServerSideEncryption.AWS_KMS, ServerSideEncryption.AWS_KMS_DSSE);
  }

  @Test
  void keepsVersionsApart() {
    backend.enableVersioning(bucket);
    String first =
        backend.put(
            bucket, "v.env", "A=1\n".getBytes(StandardCharsets.UTF_8), ObjectEncryption.SSE_S3);
    backend.put(bucket, "v.env", "A=2\n".getBytes(StandardCharsets.UTF_8), ObjectEncryption.SSE_S3);

    assertThat(first).isNotBlank();
    assertThat(get("v.env").asUtf8String()).isEqualTo("A=2\n");
    assertThat(
            backend
                .client()
                .getObjectAsBytes(r -> r.bucket(bucket).key("v.env").versionId(first))
                .asUtf8String())
        .isEqualTo("A=1\n");
  }

  @Test
  void answersIfNoneMatchWithTheCurrentETagWith304() {
    backend.put(
        bucket,
        "etag.env",
        "A=b\n".getBytes(StandardCharsets.UTF_8),
        ObjectEncryption.kms(TestKms.KEY_ARN));
    String eTag = get("etag.env").response().eTag();

    assertThat(eTag).isNotBlank();
    assertThatThrownBy(
            () ->
                backend
                    .client()
                    .getObjectAsBytes(r -> r.bucket(bucket).key("etag.env").ifNoneMatch(eTag)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(304));
  }

  @Test
  void answersIfNoneMatchWithAnOldETagWithTheNewObject() {
    ObjectEncryption kms = ObjectEncryption.kms(TestKms.KEY_ARN);
    backend.put(bucket, "rotated.env", "A=1\n".getBytes(StandardCharsets.UTF_8), kms);
    String old = get("rotated.env").response().eTag();
    backend.put(bucket, "rotated.env", "A=2\n".getBytes(StandardCharsets.UTF_8), kms);

    ResponseBytes<GetObjectResponse> object =
        backend
            .client()
            .getObjectAsBytes(r -> r.bucket(bucket).key("rotated.env").ifNoneMatch(old));

    assertThat(object.asUtf8String()).isEqualTo("A=2\n");
    assertThat(object.response().eTag()).isNotEqualTo(old);
  }

  @Test
  void answersNotFoundWith404() {
    assertThatThrownBy(() -> get("missing.env"))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
  }
}
