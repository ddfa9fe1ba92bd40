package dev.ecsbootstrap.testing.imds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.testing.LoopbackOnly;
import dev.ecsbootstrap.testing.http.RecordedRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeImdsTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final FakeImds imds = FakeImds.start();

  @AfterEach
  void stop() {
    imds.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(imds.url() + path));
  }

  private String token(int ttlSeconds) throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(
            request("/latest/api/token")
                .header("X-aws-ec2-metadata-token-ttl-seconds", String.valueOf(ttlSeconds))
                .PUT(HttpRequest.BodyPublishers.noBody()));
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private HttpResponse<String> get(String path, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = request(path).GET();
    if (token != null) {
      request.header("X-aws-ec2-metadata-token", token);
    }
    return send(request);
  }

  @Test
  void bindsLoopbackOnAFreePort() {
    InetSocketAddress bound = imds.boundAddress();

    assertThat(bound.getAddress().isLoopbackAddress()).as("bound to %s", bound).isTrue();
    assertThat(bound.getPort()).isPositive().isEqualTo(imds.url().getPort());
    LoopbackOnly.assertServedOnlyOnLoopback(bound.getPort());
  }

  @Test
  void rejectsGetsWithoutAToken() throws Exception {
    assertThat(get("/latest/meta-data/placement/region", null).statusCode()).isEqualTo(401);
    assertThat(get("/latest/meta-data/placement/region", "made-up").statusCode()).isEqualTo(401);
  }

  @Test
  void tokenRequestsNeedAValidTtl() throws Exception {
    assertThat(
            send(request("/latest/api/token").PUT(HttpRequest.BodyPublishers.noBody()))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            send(request("/latest/api/token")
                    .header("X-aws-ec2-metadata-token-ttl-seconds", "21601")
                    .PUT(HttpRequest.BodyPublishers.noBody()))
                .statusCode())
        .isEqualTo(400);
    assertThat(send(request("/latest/api/token").GET()).statusCode()).isEqualTo(405);
  }

  @Test
  void servesRegionIdentityAndCredentialsWithAToken() throws Exception {
    imds.region("eu-west-1").accountId("444455556666").roleName("my-role");
    String token = token(60);

    assertThat(get("/latest/meta-data/placement/region", token).body()).isEqualTo("eu-west-1");
    assertThat(get("/latest/dynamic/instance-identity/document", token).body())
        .contains("\"accountId\":\"444455556666\"")
        .contains("\"region\":\"eu-west-1\"");
    assertThat(get("/latest/meta-data/iam/security-credentials/", token).body())
        .isEqualTo("my-role");
    assertThat(get("/latest/meta-data/iam/security-credentials/my-role", token).body())
        .contains("\"Code\":\"Success\"")
        .contains("\"AccessKeyId\":")
        .contains("\"Expiration\":");
    assertThat(get("/latest/meta-data/iam/security-credentials/other-role", token).statusCode())
        .isEqualTo(404);
  }

  @Test
  void tokensExpire() throws Exception {
    // Wide enough that a loaded build machine still makes the first call inside the TTL.
    imds.maxTokenTtl(Duration.ofMillis(1500));
    String token = token(21600);

    assertThat(get("/latest/meta-data/instance-id", token).statusCode()).isEqualTo(200);
    Thread.sleep(1700);
    assertThat(get("/latest/meta-data/instance-id", token).statusCode()).isEqualTo(401);
  }

  @Test
  void credentialsCanAppearLate() throws Exception {
    imds.credentialsAvailableAfter(Duration.ofMillis(1500));
    String token = token(60);

    assertThat(get("/latest/meta-data/iam/security-credentials/", token).statusCode())
        .isEqualTo(404);
    Thread.sleep(1700);
    assertThat(get("/latest/meta-data/iam/security-credentials/", token).statusCode())
        .isEqualTo(200);
  }

  @Test
  void failsTheNextRequestsOnDemand() throws Exception {
    String token = token(60);
    imds.failNext(2, 503);

    assertThat(get("/latest/meta-data/instance-id", token).statusCode()).isEqualTo(503);
    assertThat(get("/latest/meta-data/instance-id", token).statusCode()).isEqualTo(503);
    assertThat(get("/latest/meta-data/instance-id", token).statusCode()).isEqualTo(200);
  }

  @Test
  void delaysResponses() throws Exception {
    imds.delay(Duration.ofMillis(300));
    long start = System.nanoTime();

    token(60);

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void recordsRequestsWithoutShowingTokens() throws Exception {
    String token = token(60);
    get("/latest/meta-data/instance-id", token);

    assertThat(imds.takeRequest(Duration.ofSeconds(1)).method()).isEqualTo("PUT");
    RecordedRequest get = imds.takeRequest(Duration.ofSeconds(1));
    assertThat(get.header("X-aws-ec2-metadata-token")).isEqualTo(token);
    assertThat(get.toString())
        .startsWith("GET /latest/meta-data/instance-id [")
        .contains("x-aws-ec2-metadata-token")
        .doesNotContain(token);
  }

  @Test
  void canAllowImdsV1() throws Exception {
    imds.allowTokenless(true);

    assertThat(get("/latest/meta-data/instance-id", null).statusCode()).isEqualTo(200);
  }

  @Test
  void hangingAcceptsTheRequestAndNeverAnswers() {
    imds.hang();

    assertThatThrownBy(
            () ->
                send(
                    request("/latest/api/token")
                        .timeout(Duration.ofMillis(300))
                        .header("X-aws-ec2-metadata-token-ttl-seconds", "60")
                        .PUT(HttpRequest.BodyPublishers.noBody())))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(imds.requests()).extracting(RecordedRequest::method).containsExactly("PUT");
  }

  @Test
  void dripFeedingSendsTheBodyOneBytePerInterval() throws Exception {
    String token = token(60);
    imds.dripFeed(Duration.ofMillis(50));
    long start = System.nanoTime();

    HttpResponse<String> region = get("/latest/meta-data/placement/region", token);

    assertThat(region.body()).isEqualTo("us-east-1");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(8 * 50)); // "us-east-1": 8 waits between 9 bytes
  }

  @Test
  void refusesTokensWithTheGivenStatus() throws Exception {
    imds.tokenStatus(403);

    HttpResponse<String> response =
        send(
            request("/latest/api/token")
                .header("X-aws-ec2-metadata-token-ttl-seconds", "60")
                .PUT(HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void failsOnePathForAWhile() throws Exception {
    String token = token(60);
    imds.failPathFor("/latest/dynamic/instance-identity/document", 500, Duration.ofMillis(300));

    assertThat(get("/latest/dynamic/instance-identity/document", token).statusCode())
        .isEqualTo(500);
    assertThat(get("/latest/meta-data/instance-id", token).statusCode()).isEqualTo(200);
    Thread.sleep(400);
    assertThat(get("/latest/dynamic/instance-identity/document", token).statusCode())
        .isEqualTo(200);
  }

  /**
   * A shared emulator for a crowd: with 32 handler threads, 32 requests are answered at once (the
   * default 4 would queue the rest), each seen while the others still wait.
   */
  @Test
  void aSharedEmulatorServesAsManyRequestsAtOnceAsItHasThreads() throws Exception {
    try (FakeImds shared = FakeImds.startShared(32).hang()) {
      List<CompletableFuture<HttpResponse<Void>>> pending = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        pending.add(
            http.sendAsync(
                HttpRequest.newBuilder(URI.create(shared.url() + "/latest/api/token"))
                    .header("X-aws-ec2-metadata-token-ttl-seconds", "60")
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.discarding()));
      }

      long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (shared.requests().size() < 32 && System.nanoTime() < giveUp) {
        Thread.sleep(10);
      }
      assertThat(shared.requests()).as("requests inside the emulator at once").hasSize(32);
      pending.forEach(future -> future.cancel(true));
    }
  }

  @Test
  void aSharedEmulatorGivesEachClientItsOwnToken() throws Exception {
    try (FakeImds shared = FakeImds.startShared(8)) {
      HttpRequest tokenRequest =
          HttpRequest.newBuilder(URI.create(shared.url() + "/latest/api/token"))
              .header("X-aws-ec2-metadata-token-ttl-seconds", "60")
              .PUT(HttpRequest.BodyPublishers.noBody())
              .build();
      String first = http.send(tokenRequest, HttpResponse.BodyHandlers.ofString()).body();
      String second =
          HttpClient.newHttpClient()
              .send(tokenRequest, HttpResponse.BodyHandlers.ofString())
              .body();

      assertThat(first).startsWith("imds-token-").isNotEqualTo(second);
    }
  }
}
