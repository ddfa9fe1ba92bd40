package dev.ecsbootstrap.testing.faults;

import com.sun.net.httpserver.HttpExchange;
import dev.ecsbootstrap.testing.http.LoopbackHttpServer;
import dev.ecsbootstrap.testing.http.RecordedRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback HTTP proxy in front of an S3 server that adds what the emulators lack and what the
 * network does at boot: S3's ExpectedBucketOwner check (403 AccessDenied), AccessDenied for a while
 * (a role still propagating), injected errors such as 503 SlowDown, and the network's faults:
 * latency, connections closed before or during a response, short or corrupted bodies, a server that
 * never answers or drip-feeds, or a fraction of requests failed at random (a loaded S3 answering
 * SlowDown). Everything else is forwarded untouched. Records each request, so tests can assert what
 * the client sent, and counts requests and injected errors.
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
  private volatile Instant failUntil = Instant.MIN;
  private final AtomicInteger closesLeft = new AtomicInteger();
  private final AtomicInteger cutsLeft = new AtomicInteger();
  private volatile boolean cutAtHalf;
  private final AtomicInteger corruptionsLeft = new AtomicInteger();
  private volatile Duration latency = Duration.ZERO;
  private volatile boolean hang;
  private volatile Duration dripInterval = Duration.ZERO;
  private volatile double randomFraction;
  private volatile int randomStatus;
  private volatile String randomCode;
  private Random random = new Random(0);
  private final AtomicInteger requestsSeen = new AtomicInteger();
  private final AtomicInteger errorsInjected = new AtomicInteger();

  private FaultyProxy(
      URI upstream, Function<LoopbackHttpServer.Handler, LoopbackHttpServer> serve) {
    this.upstream = upstream;
    this.server = serve.apply(this::handle);
  }

  public static FaultyProxy start(URI upstream) {
    return new FaultyProxy(upstream, handler -> LoopbackHttpServer.start("faulty-proxy", handler));
  }

  /**
   * A proxy for a crowd of clients: {@code handlerThreads} requests are forwarded at once, so the
   * proxy does not queue them behind each other.
   */
  public static FaultyProxy start(URI upstream, int handlerThreads) {
    return new FaultyProxy(
        upstream, handler -> LoopbackHttpServer.start("faulty-proxy", handlerThreads, handler));
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

  /** Everything gets {@code status} with S3 error code {@code code} for {@code duration}. */
  public FaultyProxy failFor(Duration duration, int status, String code) {
    failureStatus = status;
    failureCode = code;
    failUntil = Instant.now().plus(duration);
    return this;
  }

  /**
   * From now on each request gets {@code status} with S3 error code {@code code} with probability
   * {@code fraction}, drawn from a generator seeded with {@code seed}: the n-th request seen draws
   * the n-th number, so a run of the same number of requests injects the same number of errors.
   */
  public FaultyProxy failRandomly(double fraction, long seed, int status, String code) {
    if (fraction < 0 || fraction > 1) {
      throw new IllegalArgumentException("fraction must be within [0, 1]: " + fraction);
    }
    synchronized (this) {
      random = new Random(seed);
    }
    randomStatus = status;
    randomCode = code;
    randomFraction = fraction;
    return this;
  }

  /** The next {@code count} requests are read, then the connection is closed without an answer. */
  public FaultyProxy closeBeforeResponse(int count) {
    closesLeft.set(count);
    return this;
  }

  /**
   * The next {@code count} responses with a body stop half way: status and the full Content-Length
   * are sent, then half the body, then the connection is closed (a reset during the body, as the
   * client sees it).
   */
  public FaultyProxy closeDuringBody(int count) {
    cutAtHalf = true;
    cutsLeft.set(count);
    return this;
  }

  /**
   * The next {@code count} responses with a body are one byte shorter than their Content-Length,
   * then the connection is closed.
   */
  public FaultyProxy shortBody(int count) {
    cutAtHalf = false;
    cutsLeft.set(count);
    return this;
  }

  /**
   * The next {@code count} responses with a body have one byte flipped, every header (the stored
   * checksum included) kept: what a checksum exists to catch.
   */
  public FaultyProxy corruptBody(int count) {
    corruptionsLeft.set(count);
    return this;
  }

  /** Every response waits this long before it is sent. */
  public FaultyProxy latency(Duration value) {
    latency = value;
    return this;
  }

  /** Accepts every connection and request and never answers (until {@link #close()}). */
  public FaultyProxy hang() {
    hang = true;
    return this;
  }

  /** Sends each response's headers at once, then its body one byte per {@code interval}. */
  public FaultyProxy dripFeed(Duration interval) {
    dripInterval = interval;
    return this;
  }

  public List<RecordedRequest> requests() {
    return server.requests();
  }

  /** Requests received so far, answered or not. */
  public int requestsSeen() {
    return requestsSeen.get();
  }

  /**
   * Error answers made up so far instead of forwarding (failNext, failFor, failRandomly,
   * denyAccessFor); S3's own bucket-owner check is not counted.
   */
  public int errorsInjected() {
    return errorsInjected.get();
  }

  @Override
  public void close() {
    server.close();
  }

  private void handle(HttpExchange exchange, RecordedRequest request, byte[] body)
      throws IOException {
    requestsSeen.incrementAndGet();
    if (hang) {
      LoopbackHttpServer.pause(Duration.ofDays(1));
      return;
    }
    if (!LoopbackHttpServer.pause(latency)) {
      return;
    }
    if (closesLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      // Thrown out of the handler, the server closes the connection without a response.
      throw new IOException("FaultyProxy: connection closed before the response");
    }
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0
        || Instant.now().isBefore(failUntil)) {
      injectError(exchange, failureStatus, failureCode);
      return;
    }
    if (randomFraction > 0 && drawFailure()) {
      injectError(exchange, randomStatus, randomCode);
      return;
    }
    String expectedOwner = request.header("x-amz-expected-bucket-owner");
    boolean wrongOwner =
        bucketOwner != null && expectedOwner != null && !expectedOwner.equals(bucketOwner);
    if (Instant.now().isBefore(denyUntil)) {
      injectError(exchange, 403, "AccessDenied");
      return;
    }
    if (wrongOwner) {
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
    send(exchange, response.statusCode(), response.body());
  }

  private void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    if (body.length == 0 || exchange.getRequestMethod().equals("HEAD")) {
      LoopbackHttpServer.respond(exchange, status, null, body);
      return;
    }
    if (corruptionsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      body = body.clone();
      body[body.length / 2] ^= 0x01;
    }
    int cutAt = body.length;
    if (cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      cutAt = cutAtHalf ? body.length / 2 : body.length - 1;
    }
    if (cutAt == body.length && dripInterval.isZero()) {
      LoopbackHttpServer.respond(exchange, status, null, body);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    OutputStream out = exchange.getResponseBody();
    for (int i = 0; i < cutAt; i++) {
      out.write(body[i]);
      if (!dripInterval.isZero()) {
        out.flush();
        if (!LoopbackHttpServer.pause(dripInterval)) {
          return;
        }
      }
    }
    out.flush();
    if (cutAt < body.length) {
      throw new IOException("FaultyProxy: connection closed during the body");
    }
    out.close();
  }

  /** One draw per request, in the order requests arrive, so the count follows from the seed. */
  private synchronized boolean drawFailure() {
    return random.nextDouble() < randomFraction;
  }

  private void injectError(HttpExchange exchange, int status, String code) throws IOException {
    errorsInjected.incrementAndGet();
    respondError(exchange, status, code);
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
