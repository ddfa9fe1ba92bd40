package dev.ecsbootstrap.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.testing.s3.ObjectEncryption;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.S3Backends;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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

  @Test
  void failsForAWhileThenRecovers() throws InterruptedException {
    try (FaultyProxy proxy =
        FaultyProxy.start(s3.endpoint()).failFor(Duration.ofMillis(300), 500, "InternalError")) {
      assertThat(status(() -> get(proxy, null))).isEqualTo(500);
      Thread.sleep(400);
      assertThat(status(() -> get(proxy, null))).isEqualTo(200);
    }
  }

  /** The raw bytes a plain HTTP client receives, or the I/O failure it sees. */
  private static String rawGet(FaultyProxy proxy) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return http.send(
            HttpRequest.newBuilder(URI.create(proxy.url() + "/proxy-bucket/k"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /**
   * Everything one GET on a fresh connection receives until the server closes it: what the proxy
   * sent, with no client retrying behind the test's back.
   */
  private static String rawExchange(FaultyProxy proxy) throws IOException {
    try (Socket socket = new Socket(proxy.url().getHost(), proxy.url().getPort())) {
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write(
              "GET /proxy-bucket/k HTTP/1.1\r\nHost: proxy\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void closesConnectionsBeforeTheResponseOrDuringTheBody() throws Exception {
    try (FaultyProxy proxy = FaultyProxy.start(s3.endpoint()).closeBeforeResponse(1)) {
      assertThat(rawExchange(proxy)).isEmpty();
      assertThat(rawExchange(proxy)).endsWith("\r\n\r\nA=b\n");
    }
    try (FaultyProxy proxy = FaultyProxy.start(s3.endpoint()).closeDuringBody(1)) {
      assertThat(rawExchange(proxy))
          .containsIgnoringCase("content-length: 4\r\n")
          .endsWith("\r\n\r\nA=");
      assertThat(rawExchange(proxy)).endsWith("\r\n\r\nA=b\n");
    }
    try (FaultyProxy proxy = FaultyProxy.start(s3.endpoint()).shortBody(1)) {
      assertThat(rawExchange(proxy))
          .containsIgnoringCase("content-length: 4\r\n")
          .endsWith("\r\n\r\nA=b");
      assertThat(rawExchange(proxy)).endsWith("\r\n\r\nA=b\n");
    }
  }

  @Test
  void corruptsOneByteOfTheBody() throws Exception {
    try (FaultyProxy proxy = FaultyProxy.start(s3.endpoint()).corruptBody(1)) {
      assertThat(rawGet(proxy)).isEqualTo("A=c\n");
      assertThat(rawGet(proxy)).isEqualTo("A=b\n");
    }
  }

  @Test
  void hangsOrDripFeeds() throws Exception {
    try (FaultyProxy proxy = FaultyProxy.start(s3.endpoint()).hang()) {
      HttpClient http = HttpClient.newHttpClient();
      assertThatThrownBy(
              () ->
                  http.send(
                      HttpRequest.newBuilder(URI.create(proxy.url() + "/proxy-bucket/k"))
                          .timeout(Duration.ofMillis(300))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(HttpTimeoutException.class);
    }
    try (FaultyProxy proxy =
        FaultyProxy.start(s3.endpoint())
            .dripFeed(Duration.ofMillis(100))
            .latency(Duration.ofMillis(100))) {
      long start = System.nanoTime();
      assertThat(rawGet(proxy)).isEqualTo("A=b\n");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(100 + 3 * 100)); // 3 waits between 4 bytes
    }
  }
}
