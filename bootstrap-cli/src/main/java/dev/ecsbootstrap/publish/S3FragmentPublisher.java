package dev.ecsbootstrap.publish;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.aws.Failures;
import dev.ecsbootstrap.aws.Retrier;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Uploads a fragment with SSE-KMS always, a SHA-256 checksum S3 verifies and stores (so apply can
 * verify it again), and the conditional headers that keep two operators from overwriting each
 * other.
 */
final class S3FragmentPublisher {
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

  private final S3Client s3;
  private final Retrier retrier;

  public S3FragmentPublisher(S3Client s3, Retrier retrier) {
    this.s3 = s3;
    this.retrier = retrier;
  }

  public Uploaded upload(Destination destination, byte[] fragment) {
    return retrier.call(
        destination.uri().toString(),
        () -> uploadOnce(destination, fragment),
        failure -> refused(destination, failure));
  }

  private Uploaded uploadOnce(Destination destination, byte[] fragment) {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder()
            .bucket(destination.uri().bucket())
            .key(destination.uri().key())
            .contentType("text/plain; charset=utf-8")
            .serverSideEncryption(ServerSideEncryption.AWS_KMS)
            .checksumAlgorithm(ChecksumAlgorithm.SHA256)
            .overrideConfiguration(
                config -> config.apiCallTimeout(retrier.deadline().cap(ATTEMPT_TIMEOUT)));
    destination.kmsKeyId().ifPresent(request::ssekmsKeyId);
    destination.expectedBucketOwner().ifPresent(request::expectedBucketOwner);
    destination.ifMatch().ifPresent(request::ifMatch);
    if (destination.noOverwrite()) {
      request.ifNoneMatch("*");
    }
    PutObjectResponse response = s3.putObject(request.build(), RequestBody.fromBytes(fragment));
    return new Uploaded(
        Optional.ofNullable(response.versionId()),
        response.eTag(),
        Optional.ofNullable(response.ssekmsKeyId()));
  }

  private static BootstrapException refused(Destination destination, RuntimeException failure) {
    String uri = destination.uri().toString();
    if (failure instanceof SdkServiceException service && service.statusCode() == 412) {
      return BootstrapException.conflict(
          uri
              + (destination.noOverwrite()
                  ? " already exists (--no-overwrite); nothing was uploaded"
                  : " has changed since ETag "
                      + destination.ifMatch().orElse("")
                      + "; nothing was uploaded"),
          failure);
    }
    return Failures.s3Refusal(
        uri,
        "writing " + uri,
        "the caller needs s3:PutObject on it and kms:GenerateDataKey on its key",
        failure);
  }
}
