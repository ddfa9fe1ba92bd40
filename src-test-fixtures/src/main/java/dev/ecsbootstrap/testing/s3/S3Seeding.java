package dev.ecsbootstrap.testing.s3;

import java.net.URI;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The fixture-side S3 client: test keys, path-style, one HTTP client shared with nobody. */
final class S3Seeding {

  private S3Seeding() {}

  static S3Client client(URI endpoint) {
    return client(
        endpoint, StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
  }

  static S3Client client(URI endpoint, AwsCredentialsProvider credentials) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .httpClient(UrlConnectionHttpClient.create())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .credentialsProvider(credentials)
        .build();
  }

  static String put(
      S3Client client,
      String bucket,
      String key,
      byte[] body,
      ObjectEncryption encryption,
      UnaryOperator<String> kmsKeyReference) {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder().bucket(bucket).key(key).contentType("text/plain; charset=utf-8");
    if (encryption.algorithm() != null) {
      request.serverSideEncryption(ServerSideEncryption.fromValue(encryption.algorithm()));
    }
    if (encryption.kmsKeyArn() != null) {
      request.ssekmsKeyId(kmsKeyReference.apply(encryption.kmsKeyArn()));
    }
    return client.putObject(request.build(), RequestBody.fromBytes(body)).versionId();
  }
}
