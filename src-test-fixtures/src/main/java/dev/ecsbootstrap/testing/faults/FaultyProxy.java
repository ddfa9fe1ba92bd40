package dev.ecsbootstrap.testing.faults;

import com.sun.net.httpserver.HttpExchange;
import dev.ecsbootstrap.testing.http.LoopbackHttpServer;
import dev.ecsbootstrap.testing.http.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of an S3 server that adds what the emulators lack and what the
 * network does at boot: S3's ExpectedBucketOwner check (403 AccessDenied), AccessDenied for a while
 * (a role still propagating), and injected errors such as 503 SlowDown. Everything else is
 * forwarded untouched. Records each request, so tests can assert what the client sent.
 */
public final class FaultyProxy implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "upgrade",
          "transfer-encoding",
          "keep-alive");

  private final URI upstream;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final LoopbackHttpServer server;

  private volatile String bucketOwner;
  private volatile Instant denyUntil = Instant.MIN;
  private volatile int failureStatus;
  private volatile String failureCode;

  private FaultyProxy(URI upstream) {
    this.upstream = upstream;
    this.server = LoopbackHttpServer.start("faulty-proxy", this::handle);
  }

  public static FaultyProxy start(URI upstream) {
    return new FaultyProxy(upstream);
  }

  public URI url() {
    return server.url();
  }

  /**
   * Every bucket belongs to {@code accountId}: a request naming another expected owner gets 403, as
   * on S3.
   */
  public FaultyProxy bucketOwner(String accountId) {
    bucketOwner = accountId;
    return this;
  }

  /** Answers 403 AccessDenied to everything for {@code duration} from now. */
  public FaultyProxy denyAccessFor(Duration duration) {
    denyUntil = Instant.now().plus(duration);
    return this;
  }

  /** The next {@code count} requests get {@code status} with S3 error code {@code code}. */
  public FaultyProxy failNext(int count, int status, String code) {
    failureStatus = status;
    failureCode = code;
    failuresLeft.set(count);
    return this;
  }

  public List<RecordedRequest> requests() {
    return server.requests();
  }

  @Override
  public void close() {
    server.close();
  }

  private void handle(HttpExchange exchange, RecordedRequest request, byte[] body)
      throws IOException {
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      respondError(exchange, failureStatus, failureCode);
      return;
    }
    String expectedOwner = request.header("x-amz-expected-bucket-owner");
    boolean wrongOwner =
        bucketOwner != null && expectedOwner != null && !expectedOwner.equals(bucketOwner);
    if (Instant.now().isBefore(denyUntil) || wrongOwner) {
      respondError(exchange, 403, "AccessDenied");
      return;
    }
    forward(exchange, body);
  }

  private void forward(HttpExchange exchange, byte[] body) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    URI target =
        upstream.resolve(
            exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
              }
            });
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
              }
            });
    LoopbackHttpServer.respond(exchange, response.statusCode(), null, response.body());
  }

  private static void respondError(HttpExchange exchange, int status, String code)
      throws IOException {
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
            + code
            + "</Code><Message>injected by FaultyProxy</Message>"
            + "<RequestId>FAULTYPROXY</RequestId></Error>";
    LoopbackHttpServer.respond(
        exchange, status, "application/xml", body.getBytes(StandardCharsets.UTF_8));
  }
}
