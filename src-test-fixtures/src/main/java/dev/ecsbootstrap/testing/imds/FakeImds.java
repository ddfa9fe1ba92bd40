package dev.ecsbootstrap.testing.imds;

import com.sun.net.httpserver.HttpExchange;
import dev.ecsbootstrap.testing.http.LoopbackHttpServer;
import dev.ecsbootstrap.testing.http.RecordedRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-JVM EC2 instance metadata service that enforces IMDSv2 the way EC2 does: {@code PUT
 * /latest/api/token} with a TTL header issues a token, and every GET without a valid, unexpired
 * token gets 401. It serves the region, instance id, identity document and role credentials, and
 * can be told to be slow, to fail, or to have no credentials yet (as right after boot). Binds
 * 127.0.0.1 on a free port and records every request (MockWebServer style). Point the SDK at it
 * with AWS_EC2_METADATA_SERVICE_ENDPOINT={@link #url()}.
 */
public final class FakeImds implements AutoCloseable {
  static final String TOKEN_HEADER = "x-aws-ec2-metadata-token";
  static final String TTL_HEADER = "x-aws-ec2-metadata-token-ttl-seconds";
  private static final int MAX_TTL_SECONDS = 21_600;

  private final LoopbackHttpServer server;
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final Instant started = Instant.now();

  private volatile String region = "us-east-1";
  private volatile String accountId = "111122223333";
  private volatile String instanceId = "i-0123456789abcdef0";
  private volatile String roleName = "ecs-instance-role";
  private volatile String accessKeyId = "ASIAFAKEIMDSACCESSKEY";
  private volatile String secretAccessKey = "fake-imds-secret-access-key";
  private volatile String sessionToken = "fake-imds-session-token";
  private volatile boolean requireToken = true;
  private volatile Duration delay = Duration.ZERO;
  private volatile Instant credentialsFrom = Instant.MIN;
  private volatile Duration maxTokenTtl = Duration.ofSeconds(MAX_TTL_SECONDS);
  private volatile int failureStatus = 500;
  private volatile boolean hang;
  private volatile Duration dripInterval = Duration.ZERO;
  private volatile int tokenStatus = 200;
  private volatile String failingPath = "";
  private volatile int failingPathStatus;
  private volatile Instant failingPathUntil = Instant.MIN;

  private FakeImds(Function<LoopbackHttpServer.Handler, LoopbackHttpServer> serve) {
    server = serve.apply(this::handle);
  }

  /** Starts on 127.0.0.1 and a free port. */
  public static FakeImds start() {
    return new FakeImds(handler -> LoopbackHttpServer.start("fake-imds", handler));
  }

  /**
   * One emulator for a crowd of simulated instances: {@code handlerThreads} requests are answered
   * at once, and each client still gets its own tokens (its own IMDSv2 session).
   */
  public static FakeImds startShared(int handlerThreads) {
    return new FakeImds(handler -> LoopbackHttpServer.start("fake-imds", handlerThreads, handler));
  }

  public URI url() {
    return server.url();
  }

  /** The address its server socket is bound to, as the socket reports it. */
  public InetSocketAddress boundAddress() {
    return server.boundAddress();
  }

  public FakeImds region(String value) {
    region = value;
    return this;
  }

  public FakeImds accountId(String value) {
    accountId = value;
    return this;
  }

  public FakeImds instanceId(String value) {
    instanceId = value;
    return this;
  }

  /** The role the instance profile names; {@code null} means the instance has no role. */
  public FakeImds roleName(String value) {
    roleName = value;
    return this;
  }

  public FakeImds credentials(String accessKey, String secretKey, String token) {
    accessKeyId = accessKey;
    secretAccessKey = secretKey;
    sessionToken = token;
    return this;
  }

  /**
   * Until {@code after} has passed from this call, the role listing answers 404, as on a booting
   * instance.
   */
  public FakeImds credentialsAvailableAfter(Duration after) {
    credentialsFrom = Instant.now().plus(after);
    return this;
  }

  /** Every response waits this long first. */
  public FakeImds delay(Duration value) {
    delay = value;
    return this;
  }

  /** The next {@code count} requests of any kind answer {@code status}. */
  public FakeImds failNext(int count, int status) {
    failureStatus = status;
    failuresLeft.set(count);
    return this;
  }

  /**
   * Accepts every connection and reads every request, then never answers (until {@link #close()}):
   * an IMDS that stopped responding, or a packet filter that swallows the answers.
   */
  public FakeImds hang() {
    hang = true;
    return this;
  }

  /**
   * Sends every response's status line and headers at once (with the full Content-Length), then its
   * body one byte per {@code interval}: a connection that is alive but barely moving, which no read
   * timeout catches.
   */
  public FakeImds dripFeed(Duration interval) {
    dripInterval = interval;
    return this;
  }

  /**
   * {@code PUT /latest/api/token} answers {@code status} (no token) from now on: 403 as EC2 does
   * when the instance's metadata endpoint is turned off, 405 as an endpoint that does not speak
   * IMDSv2 does.
   */
  public FakeImds tokenStatus(int status) {
    tokenStatus = status;
    return this;
  }

  /** GETs of {@code path} answer {@code status} for {@code duration} from now; then as usual. */
  public FakeImds failPathFor(String path, int status, Duration duration) {
    failingPath = path;
    failingPathStatus = status;
    failingPathUntil = Instant.now().plus(duration);
    return this;
  }

  /** Caps token lifetimes, to test expiry without waiting hours. */
  public FakeImds maxTokenTtl(Duration value) {
    maxTokenTtl = value;
    return this;
  }

  /**
   * IMDSv1 compatibility (tokenless GETs); off by default, as on instances with
   * HttpTokens=required.
   */
  public FakeImds allowTokenless(boolean value) {
    requireToken = !value;
    return this;
  }

  /** The next request received, waiting up to {@code timeout}; null if none came. */
  public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
    return server.takeRequest(timeout.toMillis());
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
    LoopbackHttpServer.pause(delay);
    if (hang) {
      // Until close() interrupts the handler; the client sees an open, silent connection.
      LoopbackHttpServer.pause(Duration.ofDays(1));
      return;
    }
    Response response =
        failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0
            ? new Response(failureStatus, "injected failure", Map.of())
            : route(request);
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    byte[] answer = response.body().getBytes(StandardCharsets.UTF_8);
    if (dripInterval.isZero() || answer.length == 0) {
      LoopbackHttpServer.respond(exchange, response.status(), "text/plain", answer);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(response.status(), answer.length);
    OutputStream out = exchange.getResponseBody();
    for (byte b : answer) {
      out.write(b);
      out.flush();
      if (!LoopbackHttpServer.pause(dripInterval)) {
        return;
      }
    }
    out.close();
  }

  private record Response(int status, String body, Map<String, String> headers) {
    static Response ok(String body) {
      return new Response(200, body, Map.of());
    }

    static Response status(int status) {
      return new Response(status, "", Map.of());
    }
  }

  private Response route(RecordedRequest request) {
    if (request.path().equals("/latest/api/token")) {
      if (!request.method().equals("PUT")) {
        return Response.status(405);
      }
      return tokenStatus == 200 ? issueToken(request) : Response.status(tokenStatus);
    }
    if (!request.method().equals("GET")) {
      return Response.status(405);
    }
    if (!tokenValid(request.header(TOKEN_HEADER))) {
      return Response.status(401);
    }
    String path = request.path();
    if (path.equals(failingPath) && Instant.now().isBefore(failingPathUntil)) {
      return new Response(failingPathStatus, "injected failure", Map.of());
    }
    Response metadata =
        switch (path) {
          case "/latest/meta-data/placement/region" -> Response.ok(region);
          case "/latest/meta-data/placement/availability-zone" -> Response.ok(region + "a");
          case "/latest/meta-data/instance-id" -> Response.ok(instanceId);
          case "/latest/dynamic/instance-identity/document" -> Response.ok(identityDocument());
          default -> null;
        };
    if (metadata != null) {
      return metadata;
    }
    String credentialsPath = "/latest/meta-data/iam/security-credentials/";
    if (path.startsWith(credentialsPath)) {
      if (roleName == null || Instant.now().isBefore(credentialsFrom)) {
        return Response.status(404);
      }
      String role = path.substring(credentialsPath.length());
      if (role.isEmpty()) {
        return Response.ok(roleName);
      }
      return role.equals(roleName) ? Response.ok(credentialsDocument()) : Response.status(404);
    }
    return Response.status(404);
  }

  private Response issueToken(RecordedRequest request) {
    String ttlText = request.header(TTL_HEADER);
    int ttl;
    try {
      ttl = Integer.parseInt(ttlText == null ? "" : ttlText.strip());
    } catch (NumberFormatException e) {
      return Response.status(400);
    }
    if (ttl < 1 || ttl > MAX_TTL_SECONDS) {
      return Response.status(400);
    }
    Duration requested = Duration.ofSeconds(ttl);
    Duration lifetime = requested.compareTo(maxTokenTtl) < 0 ? requested : maxTokenTtl;
    String token = "imds-token-" + UUID.randomUUID();
    tokens.put(token, Instant.now().plus(lifetime));
    return new Response(200, token, Map.of(TTL_HEADER, String.valueOf(lifetime.toSeconds())));
  }

  private boolean tokenValid(String token) {
    if (token == null) {
      return !requireToken;
    }
    Instant expiry = tokens.get(token);
    return expiry != null && Instant.now().isBefore(expiry);
  }

  private String identityDocument() {
    return "{\"accountId\":\""
        + accountId
        + "\",\"architecture\":\"x86_64\",\"availabilityZone\":\""
        + region
        + "a\",\"imageId\":\"ami-0123456789abcdef0\",\"instanceId\":\""
        + instanceId
        + "\",\"instanceType\":\"t3.small\",\"pendingTime\":\""
        + started.truncatedTo(ChronoUnit.SECONDS)
        + "\",\"privateIp\":\"10.0.0.10\",\"region\":\""
        + region
        + "\",\"version\":\"2017-09-30\"}";
  }

  private String credentialsDocument() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return "{\"Code\":\"Success\",\"LastUpdated\":\""
        + now
        + "\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\""
        + accessKeyId
        + "\",\"SecretAccessKey\":\""
        + secretAccessKey
        + "\",\"Token\":\""
        + sessionToken
        + "\",\"Expiration\":\""
        + now.plus(Duration.ofHours(6))
        + "\"}";
  }
}
