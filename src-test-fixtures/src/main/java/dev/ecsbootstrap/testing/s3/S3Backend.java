package dev.ecsbootstrap.testing.s3;

import java.net.URI;
import software.amazon.awssdk.services.s3.S3Client;

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

  default void put(String bucket, String key, byte[] body, ObjectEncryption encryption) {
    S3Seeding.put(client(), bucket, key, body, encryption, this::kmsKeyReference);
  }

  /** How this server wants a KMS key named on upload (S3 takes an ARN; S3Mock only the key id). */
  default String kmsKeyReference(String keyArn) {
    return keyArn;
  }

  @Override
  void close();
}
