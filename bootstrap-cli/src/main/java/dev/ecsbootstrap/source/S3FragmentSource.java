package dev.ecsbootstrap.source;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.aws.Failures;
import dev.ecsbootstrap.aws.Retrier;
import dev.ecsbootstrap.aws.S3Uri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Fetches one fragment with a single GetObject and judges the response headers (encryption, key,
 * size) before reading the body; a refused object is aborted unread. SDK failures are translated
 * here, at the capability boundary, into exit codes.
 */
public final class S3FragmentSource {
  /**
   * One attempt may not take the whole budget: a stalled connection must leave time for a retry.
   */
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(20);

  private static final int NOT_MODIFIED = 304;

  private final S3Client s3;
  private final Retrier retrier;

  public S3FragmentSource(S3Client s3, Retrier retrier) {
    this.s3 = s3;
    this.retrier = retrier;
  }

  public FetchedObject fetch(S3Uri uri, ObjectPolicy policy) {
    return fetchIfNoneMatch(uri, policy, Optional.empty()).orElseThrow();
  }

  /**
   * {@link #fetch}, sending {@code eTag} as If-None-Match: empty when S3 answers 304 Not Modified.
   * The SDK surfaces a 304 as an S3Exception; it is caught inside the attempt, so it is neither
   * retried nor a refusal.
   */
  public Optional<FetchedObject> fetchIfNoneMatch(
      S3Uri uri, ObjectPolicy policy, Optional<String> eTag) {
    return retrier.call(
        uri.toString(),
        () -> fetchOnce(uri, policy, eTag),
        failure -> refused(uri, policy, failure));
  }

  private Optional<FetchedObject> fetchOnce(S3Uri uri, ObjectPolicy policy, Optional<String> eTag) {
    GetObjectRequest.Builder request =
        GetObjectRequest.builder()
            .bucket(uri.bucket())
            .key(uri.key())
            // Verifies a stored SHA-256/CRC checksum when the object has one (publish stores one).
            .checksumMode(ChecksumMode.ENABLED)
            .overrideConfiguration(
                config -> config.apiCallTimeout(retrier.deadline().cap(ATTEMPT_TIMEOUT)));
    uri.versionId().ifPresent(request::versionId);
    policy.expectedBucketOwner().ifPresent(request::expectedBucketOwner);
    eTag.ifPresent(request::ifNoneMatch);
    try (ResponseInputStream<GetObjectResponse> body = s3.getObject(request.build())) {
      GetObjectResponse response = body.response();
      try {
        checkPolicy(uri, policy, response);
      } catch (BootstrapException refusal) {
        body.abort();
        throw refusal;
      }
      byte[] bytes = body.readNBytes(policy.maxBytes() + 1);
      if (bytes.length > policy.maxBytes()) {
        body.abort();
        throw tooLarge(uri, policy);
      }
      return Optional.of(
          new FetchedObject(
              uri,
              Optional.ofNullable(response.versionId()),
              encryptionName(response),
              Optional.ofNullable(response.ssekmsKeyId()),
              bytes,
              Optional.ofNullable(response.eTag())));
    } catch (S3Exception e) {
      if (eTag.isPresent() && e.statusCode() == NOT_MODIFIED) {
        return Optional.empty();
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void checkPolicy(S3Uri uri, ObjectPolicy policy, GetObjectResponse response) {
    ServerSideEncryption sse = response.serverSideEncryption();
    boolean kms = sse == ServerSideEncryption.AWS_KMS || sse == ServerSideEncryption.AWS_KMS_DSSE;
    if (!kms && !policy.allowUnencrypted()) {
      throw BootstrapException.encryptionPolicy(
          uri
              + " is stored with "
              + encryptionName(response)
              + ", not SSE-KMS (aws:kms); re-upload it with KMS encryption, or pass --allow-unencrypted");
    }
    if (kms && !policy.acceptsKey(response.ssekmsKeyId())) {
      if (response.ssekmsKeyId() == null) {
        // S3 names the key of every SSE-KMS object; a store that does not cannot satisfy the check.
        throw BootstrapException.encryptionPolicy(
            uri
                + " is encrypted with "
                + encryptionName(response)
                + ", but S3 reported no KMS key id, so it cannot be shown to be under "
                + policy.kmsKeyId().orElseThrow()
                + "; check the object with aws s3api head-object, or leave out --kms-key-id");
      }
      throw BootstrapException.encryptionPolicy(
          uri
              + " is encrypted under KMS key "
              + response.ssekmsKeyId()
              + ", not "
              + policy.kmsKeyId().orElseThrow());
    }
    Long length = response.contentLength();
    if (length != null && length > policy.maxBytes()) {
      throw tooLarge(uri, policy);
    }
  }

  private static BootstrapException tooLarge(S3Uri uri, ObjectPolicy policy) {
    return BootstrapException.invalidContent(
        uri.toString(),
        List.of(
            dev.ecsbootstrap.Problem.error(
                0,
                "is larger than {} bytes; an ecs.config fragment is a few lines. Refused unread",
                dev.ecsbootstrap.Name.number(policy.maxBytes()))));
  }

  private static String encryptionName(GetObjectResponse response) {
    ServerSideEncryption sse = response.serverSideEncryption();
    return sse == null ? "no server-side encryption" : sse.toString();
  }

  private static BootstrapException refused(
      S3Uri uri, ObjectPolicy policy, RuntimeException failure) {
    String owner =
        policy
            .expectedBucketOwner()
            .map(account -> " or not owned by account " + account)
            .orElse("");
    return Failures.s3Refusal(
        uri.toString(),
        "to " + uri + owner,
        "the instance role needs s3:GetObject on it and kms:Decrypt on its key",
        failure);
  }
}
