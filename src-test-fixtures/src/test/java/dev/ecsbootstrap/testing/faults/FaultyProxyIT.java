package dev.ecsbootstrap.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.testing.s3.ObjectEncryption;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.S3Backends;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The proxy in front of S3Mock, the backend every machine has. */
class FaultyProxyIT {
  private static S3Backend s3;

  @BeforeAll
  static void seed() {
    s3 = S3Backends.S3MOCK.shared();
    s3.createBucket("proxy-bucket");
    s3.put("proxy-bucket", "k", "A=b\n".getBytes(StandardCharsets.UTF_8), ObjectEncryption.SSE_S3);
  }

  private static String get(FaultyProxy proxy, String expectedOwner) {
    try (S3Client client =
        S3Client.builder()
            .endpointOverride(proxy.url())
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build()) {
      return client
          .getObjectAsBytes(
              r -> r.bucket("proxy-bucket").key("k").expectedBucketOwner(expectedOwner))
          .asUtf8String();
    }
  }

  private static int status(Runnable call) {
    try {
      call.run();
      return 200;
    } catch (S3Exception e) {
      return e.statusCode();
    }
  }

  @Test
  void forwardsUntouchedRequests() {
    try (FaultyProxy proxy = FaultyProxy.start(s3.endpoint())) {
      assertThat(get(proxy, null)).isEqualTo("A=b\n");
      assertThat(proxy.requests())
          .singleElement()
          .satisfies(request -> assertThat(request.path()).isEqualTo("/proxy-bucket/k"));
    }
  }

  @Test
  void enforcesTheExpectedBucketOwnerLikeS3() {
    try (FaultyProxy proxy = FaultyProxy.start(s3.endpoint()).bucketOwner("111122223333")) {
      assertThat(get(proxy, "111122223333")).isEqualTo("A=b\n");
      assertThatThrownBy(() -> get(proxy, "999999999999"))
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
              });
    }
  }

  @Test
  void injectsFailuresThenRecovers() {
    try (FaultyProxy proxy = FaultyProxy.start(s3.endpoint()).failNext(2, 503, "SlowDown")) {
      assertThat(status(() -> get(proxy, null))).isEqualTo(503);
      assertThat(status(() -> get(proxy, null))).isEqualTo(503);
      assertThat(status(() -> get(proxy, null))).isEqualTo(200);
    }
  }

  @Test
  void deniesAccessForAWhile() throws InterruptedException {
    try (FaultyProxy proxy =
        FaultyProxy.start(s3.endpoint()).denyAccessFor(Duration.ofMillis(300))) {
      assertThat(status(() -> get(proxy, null))).isEqualTo(403);
      Thread.sleep(400);
      assertThat(status(() -> get(proxy, null))).isEqualTo(200);
    }
  }
}
