package dev.ecsbootstrap.testing.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
  private final HttpServer server;
  private final ExecutorService executor =
      Executors.newFixedThreadPool(
          4,
          runnable -> {
            Thread thread = new Thread(runnable, "faulty-proxy");
            thread.setDaemon(true);
            return thread;
          });
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<ProxiedRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();

  private volatile String bucketOwner;
  private volatile Instant denyUntil = Instant.MIN;
  private volatile int failureStatus;
  private volatile String failureCode;

  private FaultyProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
  }

  public static FaultyProxy start(URI upstream) {
    try {
      FaultyProxy proxy = new FaultyProxy(upstream);
      proxy.server.start();
      return proxy;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the proxy", e);
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
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

  public List<ProxiedRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> headers = new HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) ->
                  headers.put(
                      name.toLowerCase(Locale.ROOT), values.isEmpty() ? "" : values.get(0)));
      ProxiedRequest request =
          new ProxiedRequest(
              exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers);
      requests.add(request);
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        respondError(exchange, failureStatus, failureCode);
        return;
      }
      if (Instant.now().isBefore(denyUntil)) {
        respondError(exchange, 403, "AccessDenied");
        return;
      }
      String expectedOwner = request.header("x-amz-expected-bucket-owner");
      if (bucketOwner != null && expectedOwner != null && !expectedOwner.equals(bucketOwner)) {
        respondError(exchange, 403, "AccessDenied");
        return;
      }
      forward(exchange, body);
    }
  }

  private void forward(HttpExchange exchange, byte[] body) throws IOException {
    URI target =
        upstream.resolve(
            exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                    ? ""
                    : "?" + exchange.getRequestURI().getRawQuery()));
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
    byte[] responseBody = response.body();
    boolean noBody = exchange.getRequestMethod().equals("HEAD") || responseBody.length == 0;
    exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : responseBody.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(responseBody);
      }
    }
  }

  private static void respondError(HttpExchange exchange, int status, String code)
      throws IOException {
    byte[] body =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>"
                + "injected by FaultyProxy</Message><RequestId>FAULTYPROXY</RequestId></Error>")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/xml");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
