package dev.ecsbootstrap.testing.s3;

import java.net.URI;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * A real S3 API server started by the tests. Code under test reaches it through {@link #endpoint()}
 * with path-style addressing; the fixture seeds it through {@link #client()}.
 */
public interface S3Backend extends AutoCloseable {

  /** Short name for test display: {@code s3mock}, {@code moto}, {@code localstack}. */
  String name();

  URI endpoint();

  /** A client with test keys; only for seeding and inspecting, never for code under test. */
  S3Client client();

  default void createBucket(String bucket) {
    client().createBucket(request -> request.bucket(bucket));
  }

  /** Stores an object; returns its version id when the bucket is versioned, else null. */
  default String put(String bucket, String key, byte[] body, ObjectEncryption encryption) {
    return S3Seeding.put(client(), bucket, key, body, encryption, this::kmsKeyReference);
  }

  default void enableVersioning(String bucket) {
    client()
        .putBucketVersioning(
            request ->
                request
                    .bucket(bucket)
                    .versioningConfiguration(
                        configuration -> configuration.status(BucketVersioningStatus.ENABLED)));
  }

  /** How this server wants a KMS key named on upload (S3 takes an ARN; S3Mock only the key id). */
  default String kmsKeyReference(String keyArn) {
    return keyArn;
  }

  @Override
  void close();
}
