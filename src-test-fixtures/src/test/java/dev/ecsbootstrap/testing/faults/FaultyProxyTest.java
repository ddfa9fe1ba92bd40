package dev.ecsbootstrap.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.testing.http.LoopbackHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's random failures and counters, in front of a loopback server that answers 200 "ok" (no
 * S3 needed: the injected answer never reaches the upstream).
 */
class FaultyProxyTest {
  private static final int REQUESTS = 500;

  private final HttpClient http = HttpClient.newHttpClient();
  private final LoopbackHttpServer upstream =
      LoopbackHttpServer.start(
          "upstream",
          (exchange, request, body) ->
              LoopbackHttpServer.respond(
                  exchange, 200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8)));

  @AfterEach
  void stop() {
    upstream.close();
  }

  private HttpResponse<String> get(FaultyProxy proxy) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(proxy.url() + "/bucket/key")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private List<HttpResponse<String>> getMany(FaultyProxy proxy, int count)
      throws IOException, InterruptedException {
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      responses.add(get(proxy));
    }
    return responses;
  }

  @Test
  void failsTheSameNumberOfRequestsForTheSameSeed() throws Exception {
    try (FaultyProxy proxy =
        FaultyProxy.start(upstream.url()).failRandomly(0.2, 12, 503, "SlowDown")) {
      List<HttpResponse<String>> responses = getMany(proxy, REQUESTS);

      long failed = responses.stream().filter(r -> r.statusCode() == 503).count();
      // java.util.Random(12): 108 of its first 500 doubles are below 0.2.
      assertThat(failed).isEqualTo(108).isBetween(75L, 125L);
      assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 503));
      assertThat(proxy.requestsSeen()).isEqualTo(REQUESTS);
      assertThat(proxy.errorsInjected()).isEqualTo(108);
      assertThat(upstream.requests()).hasSize(REQUESTS - 108);
    }
  }

  @Test
  void injectsTheErrorAsS3WritesIt() throws Exception {
    try (FaultyProxy proxy =
        FaultyProxy.start(upstream.url()).failRandomly(1.0, 1, 503, "SlowDown")) {
      HttpResponse<String> response = get(proxy);

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/xml");
      assertThat(response.body())
          .startsWith("<?xml")
          .contains("<Error><Code>SlowDown</Code>")
          .contains("<RequestId>");
    }
  }

  @Test
  void fractionZeroForwardsEverything() throws Exception {
    try (FaultyProxy proxy =
        FaultyProxy.start(upstream.url()).failRandomly(0.0, 12, 503, "SlowDown")) {
      assertThat(getMany(proxy, 20)).allSatisfy(r -> assertThat(r.body()).isEqualTo("ok"));
      assertThat(proxy.requestsSeen()).isEqualTo(20);
      assertThat(proxy.errorsInjected()).isZero();
    }
  }

  @Test
  void refusesAFractionOutsideZeroToOne() {
    try (FaultyProxy proxy = FaultyProxy.start(upstream.url())) {
      assertThatThrownBy(() -> proxy.failRandomly(1.5, 1, 503, "SlowDown"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void countsTheOtherInjectedErrorsToo() throws Exception {
    try (FaultyProxy proxy = FaultyProxy.start(upstream.url()).failNext(2, 500, "InternalError")) {
      getMany(proxy, 3);

      assertThat(proxy.requestsSeen()).isEqualTo(3);
      assertThat(proxy.errorsInjected()).isEqualTo(2);
    }
  }

  /** With 16 handler threads, 16 requests are in the proxy at once (the default is 4). */
  @Test
  void aCrowdProxyHoldsAsManyRequestsAtOnceAsItHasThreads() throws Exception {
    try (FaultyProxy proxy = FaultyProxy.start(upstream.url(), 16).hang()) {
      List<CompletableFuture<HttpResponse<Void>>> pending = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        pending.add(
            http.sendAsync(
                HttpRequest.newBuilder(URI.create(proxy.url() + "/b/k" + i)).build(),
                HttpResponse.BodyHandlers.discarding()));
      }

      long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (proxy.requestsSeen() < 16 && System.nanoTime() < giveUp) {
        Thread.sleep(10);
      }
      assertThat(proxy.requestsSeen()).as("requests inside the proxy at once").isEqualTo(16);
      pending.forEach(future -> future.cancel(true));
    }
  }
}
