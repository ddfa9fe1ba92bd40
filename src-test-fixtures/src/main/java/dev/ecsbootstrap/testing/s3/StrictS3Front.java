package dev.ecsbootstrap.testing.s3;

import com.sun.net.httpserver.HttpExchange;
import dev.ecsbootstrap.testing.Sha256;
import dev.ecsbootstrap.testing.http.LoopbackHttpServer;
import dev.ecsbootstrap.testing.http.RecordedRequest;
import dev.ecsbootstrap.testing.tls.PrivateCa;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A loopback HTTP(S) reverse proxy in front of any {@link S3Backend}, as strict as AWS S3 where the
 * emulators forgive: every request must carry {@code x-amz-content-sha256} (matching the body when
 * it is a digest), a SigV4 {@code Authorization} header whose signature verifies (re-signed with
 * the SDK's own signer and the secret registered for the access key id), and every {@code x-amz-*}
 * header it carries must be in SignedHeaders. A bucket in another region than the request's
 * endpoint gets S3's {@code 301 PermanentRedirect} with {@code x-amz-bucket-region}. What passes is
 * forwarded path-style to the backend, whose answer is streamed back; the backend is only storage.
 *
 * <p>Not checked: chunk signatures of {@code STREAMING-*} uploads (only the seed signature),
 * presigned URLs (refused), session-token validity (any signed token passes), IAM.
 */
public final class StrictS3Front implements AutoCloseable {
  /** S3's allowed clock skew between x-amz-date and its own clock. */
  static final Duration MAX_SKEW = Duration.ofMinutes(15);

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Set<String> PAYLOAD_KEYWORDS =
      Set.of(
          SdkSignatureCheck.UNSIGNED_PAYLOAD,
          "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
          "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
          "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
          "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
          "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "authorization",
          "x-amz-security-token");
  private static final Set<String> NOT_RETURNED =
      Set.of("connection", "content-length", "transfer-encoding", "keep-alive", "date");

  /** A request the front answered itself with an S3 error, never reaching the backend. */
  public record Refusal(
      int status, String code, String method, String host, String path, String detail) {}

  /** A request the front forwarded, with its addressing decoded as S3 decodes it. */
  public record Accepted(
      String method, String host, String path, String bucket, String key, boolean virtualHosted) {}

  private final URI backend;
  private final Map<String, String> secretsByAccessKeyId;
  private final Map<String, String> bucketRegions = new ConcurrentHashMap<>();
  private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
  private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final LoopbackHttpServer server;
  private volatile String defaultRegion = "us-east-1";

  private StrictS3Front(
      URI backend, Map<String, String> secretsByAccessKeyId, PrivateCa.ServerCertificate tls) {
    this.backend = backend;
    this.secretsByAccessKeyId = Map.copyOf(secretsByAccessKeyId);
    this.server =
        tls == null
            ? LoopbackHttpServer.start("strict-s3-front", this::handle)
            : LoopbackHttpServer.startHttps("strict-s3-front", tls.sslContext(), this::handle);
  }

  /** Plain HTTP on 127.0.0.1, in front of {@code backend} (an {@link S3Backend#endpoint()}). */
  public static StrictS3Front start(URI backend, Map<String, String> secretsByAccessKeyId) {
    return new StrictS3Front(backend, secretsByAccessKeyId, null);
  }

  /** HTTPS on 127.0.0.1 presenting {@code certificate} (see {@link PrivateCa}). */
  public static StrictS3Front startHttps(
      URI backend,
      Map<String, String> secretsByAccessKeyId,
      PrivateCa.ServerCertificate certificate) {
    return new StrictS3Front(backend, secretsByAccessKeyId, certificate);
  }

  /** {@code http://127.0.0.1:port} or {@code https://127.0.0.1:port}. */
  public URI url() {
    return server.url();
  }

  public int port() {
    return server.boundAddress().getPort();
  }

  /** Declares where {@code bucket} lives; undeclared buckets live in {@link #defaultRegion}. */
  public StrictS3Front bucketRegion(String bucket, String region) {
    bucketRegions.put(bucket, region);
    return this;
  }

  /** The region of every bucket not declared with {@link #bucketRegion}; us-east-1 at start. */
  public StrictS3Front defaultRegion(String region) {
    defaultRegion = region;
    return this;
  }

  public String regionOf(String bucket) {
    return bucketRegions.getOrDefault(bucket, defaultRegion);
  }

  /** Every request received, accepted or refused, in order (header names lower-case). */
  public List<RecordedRequest> requests() {
    return server.requests();
  }

  public List<Refusal> refusals() {
    return List.copyOf(refusals);
  }

  public List<Accepted> accepted() {
    return List.copyOf(accepted);
  }

  @Override
  public void close() {
    server.close();
  }

  static boolean isSha256Hex(String value) {
    return SHA256_HEX.matcher(value).matches();
  }

  private void handle(HttpExchange exchange, RecordedRequest recorded, byte[] body)
      throws IOException {
    Map<String, List<String>> headers = lowerCaseHeaders(exchange);
    String host = first(headers, "host");
    String rawPath = exchange.getRequestURI().getRawPath();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    S3Addressing addressing = S3Addressing.of(host, rawPath);
    Optional<S3ErrorResponse> refusal =
        check(exchange.getRequestMethod(), headers, host, rawPath, rawQuery, addressing, body);
    if (refusal.isPresent()) {
      S3ErrorResponse error = refusal.get();
      refusals.add(
          new Refusal(
              error.status(),
              error.code(),
              exchange.getRequestMethod(),
              host,
              rawPath,
              error.elements().getOrDefault("Detail", error.message())));
      error.send(exchange);
      return;
    }
    accepted.add(
        new Accepted(
            exchange.getRequestMethod(),
            host,
            rawPath,
            addressing.bucket(),
            addressing.rawKey(),
            addressing.virtualHosted()));
    forward(exchange, headers, addressing, rawQuery, body);
  }

  private Optional<S3ErrorResponse> check(
      String method,
      Map<String, List<String>> headers,
      String host,
      String rawPath,
      String rawQuery,
      S3Addressing addressing,
      byte[] body) {
    if (host == null || host.isBlank()) {
      // Host is part of every SigV4 signature: without it nothing can be checked.
      return Optional.of(S3ErrorResponse.of(400, "InvalidRequest", "Missing Host header"));
    }
    String bucketRegion = addressing.bucket() == null ? null : regionOf(addressing.bucket());
    // A regional endpoint that is not the bucket's answers 301 before it authenticates anything.
    if (bucketRegion != null
        && addressing.hostRegion() != null
        && !addressing.hostRegion().equals(bucketRegion)) {
      return Optional.of(permanentRedirect(addressing, bucketRegion));
    }
    String authorizationHeader = first(headers, "authorization");
    if (authorizationHeader == null) {
      if (rawQuery != null && rawQuery.contains("X-Amz-Signature=")) {
        return Optional.of(
            S3ErrorResponse.of(403, "AccessDenied", "Access Denied")
                .with("Detail", "the strict front does not check presigned URLs"));
      }
      return Optional.of(
          S3ErrorResponse.of(403, "AccessDenied", "Access Denied")
              .with("Detail", "anonymous request: no Authorization header"));
    }
    if (!authorizationHeader.startsWith(SigV4Authorization.ALGORITHM + " ")) {
      return Optional.of(
          S3ErrorResponse.of(
              400,
              "InvalidRequest",
              "The authorization mechanism you have provided is not supported. Please use"
                  + " AWS4-HMAC-SHA256."));
    }
    Optional<SigV4Authorization> parsed = SigV4Authorization.parse(authorizationHeader);
    if (parsed.isEmpty()) {
      return Optional.of(
          S3ErrorResponse.of(
              400, "AuthorizationHeaderMalformed", "The authorization header is malformed."));
    }
    SigV4Authorization authorization = parsed.get();
    if (bucketRegion != null && !authorization.region().equals(bucketRegion)) {
      // A loopback endpoint names no region: the client chose one only by signing for it.
      return Optional.of(
          addressing.hostRegion() == null
              ? permanentRedirect(addressing, bucketRegion)
              : S3ErrorResponse.of(
                      400,
                      "AuthorizationHeaderMalformed",
                      "The authorization header is malformed; the region '"
                          + authorization.region()
                          + "' is wrong; expecting '"
                          + bucketRegion
                          + "'")
                  .with("Region", bucketRegion)
                  .withHeader("x-amz-bucket-region", bucketRegion));
    }
    Optional<S3ErrorResponse> payloadRefusal = payloadHashRefusal(headers, authorization);
    if (payloadRefusal.isPresent()) {
      return payloadRefusal;
    }
    return credentialRefusal(method, headers, host, rawPath, rawQuery, body, authorization);
  }

  /** x-amz-content-sha256 present and well-formed, every x-amz-* header signed. */
  private static Optional<S3ErrorResponse> payloadHashRefusal(
      Map<String, List<String>> headers, SigV4Authorization authorization) {
    String contentSha256 = first(headers, "x-amz-content-sha256");
    if (contentSha256 == null) {
      return Optional.of(
          S3ErrorResponse.of(
              400,
              "InvalidRequest",
              "Missing required header for this request: x-amz-content-sha256"));
    }
    if (!isSha256Hex(contentSha256) && !PAYLOAD_KEYWORDS.contains(contentSha256)) {
      return Optional.of(
          S3ErrorResponse.of(
                  400,
                  "InvalidArgument",
                  "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING- value or a valid"
                      + " sha256 value.")
              .with("ArgumentName", "x-amz-content-sha256"));
    }
    if (contentSha256.startsWith("STREAMING-")) {
      // S3 accepts these; the front cannot re-sign a chunk-signed body, so it says so plainly.
      return Optional.of(
          S3ErrorResponse.of(
                  501,
                  "NotImplemented",
                  "The strict front does not verify x-amz-content-sha256: "
                      + contentSha256
                      + "; send a SHA-256 digest or UNSIGNED-PAYLOAD")
              .with("Detail", "STREAMING payloads are not verified by the strict front"));
    }
    if (!authorization.signedHeaders().contains("x-amz-content-sha256")) {
      return Optional.of(
          S3ErrorResponse.of(
              400,
              "InvalidRequest",
              "header 'x-amz-content-sha256' must be included in signature"));
    }
    TreeSet<String> unsigned = new TreeSet<>();
    for (String name : headers.keySet()) {
      if (name.startsWith("x-amz-") && !authorization.signedHeaders().contains(name)) {
        unsigned.add(name);
      }
    }
    if (!unsigned.isEmpty()) {
      return Optional.of(
          S3ErrorResponse.of(
                  403,
                  "AccessDenied",
                  "There were headers present in the request which were not signed")
              .with("HeadersNotSigned", String.join(", ", unsigned)));
    }
    return Optional.empty();
  }

  /** The signing time, the credential scope, the key, the body digest, the signature. */
  private Optional<S3ErrorResponse> credentialRefusal(
      String method,
      Map<String, List<String>> headers,
      String host,
      String rawPath,
      String rawQuery,
      byte[] body,
      SigV4Authorization authorization) {
    String contentSha256 = first(headers, "x-amz-content-sha256");
    Optional<Instant> signedAt = amzDate(first(headers, "x-amz-date"));
    if (signedAt.isEmpty()) {
      return Optional.of(
          S3ErrorResponse.of(
              403,
              "AccessDenied",
              "AWS authentication requires a valid Date or x-amz-date header"));
    }
    if (!first(headers, "x-amz-date").startsWith(authorization.date())) {
      return Optional.of(
          S3ErrorResponse.of(
              400,
              "AuthorizationHeaderMalformed",
              "The authorization header is malformed; Invalid credential date. Date is not the"
                  + " same as X-Amz-Date."));
    }
    if (!authorization.service().equals("s3")
        || !authorization.terminator().equals("aws4_request")) {
      return Optional.of(
          S3ErrorResponse.of(
              400,
              "AuthorizationHeaderMalformed",
              "The authorization header is malformed; the credential scope must end with"
                  + " s3/aws4_request"));
    }
    if (Duration.between(signedAt.get(), Instant.now()).abs().compareTo(MAX_SKEW) > 0) {
      return Optional.of(
          S3ErrorResponse.of(
              403,
              "RequestTimeTooSkewed",
              "The difference between the request time and the current time is too large."));
    }
    String secret = secretsByAccessKeyId.get(authorization.accessKeyId());
    if (secret == null) {
      return Optional.of(
          S3ErrorResponse.of(
                  403,
                  "InvalidAccessKeyId",
                  "The AWS Access Key Id you provided does not exist in our records.")
              .with("AWSAccessKeyId", authorization.accessKeyId()));
    }
    String bodySha256 = Sha256.hex(body);
    boolean digest = isSha256Hex(contentSha256);
    if (digest && !contentSha256.equals(bodySha256)) {
      return Optional.of(
          S3ErrorResponse.of(
                  400,
                  "XAmzContentSHA256Mismatch",
                  "The provided 'x-amz-content-sha256' header does not match what was computed.")
              .with("ClientComputedContentSHA256", contentSha256)
              .with("S3ComputedContentSHA256", bodySha256));
    }
    Optional<String> mismatch =
        SdkSignatureCheck.mismatch(
            method, host, rawPath, rawQuery, headers, body, authorization, signedAt.get(), secret);
    if (mismatch.isPresent()) {
      return Optional.of(
          S3ErrorResponse.of(
                  403,
                  "SignatureDoesNotMatch",
                  "The request signature we calculated does not match the signature you provided."
                      + " Check your key and signing method.")
              .with("AWSAccessKeyId", authorization.accessKeyId())
              .with("Detail", mismatch.get()));
    }
    return Optional.empty();
  }

  /**
   * S3's answer for a bucket addressed at another region's endpoint: 301, {@code
   * x-amz-bucket-region}, and the endpoint to use in the body (HEAD gets no body, as on S3).
   */
  private static S3ErrorResponse permanentRedirect(S3Addressing addressing, String bucketRegion) {
    String endpoint =
        addressing.virtualHosted()
            ? addressing.bucket() + ".s3." + bucketRegion + ".amazonaws.com"
            : "s3." + bucketRegion + ".amazonaws.com";
    return S3ErrorResponse.of(
            301,
            "PermanentRedirect",
            "The bucket you are attempting to access must be addressed using the specified"
                + " endpoint. Please send all future requests to this endpoint.")
        .with("Endpoint", endpoint)
        .with("Bucket", addressing.bucket())
        .withHeader("x-amz-bucket-region", bucketRegion);
  }

  private void forward(
      HttpExchange exchange,
      Map<String, List<String>> headers,
      S3Addressing addressing,
      String rawQuery,
      byte[] body)
      throws IOException {
    URI target =
        URI.create(
            backend.toString().replaceAll("/+$", "")
                + addressing.pathStylePath()
                + (rawQuery == null ? "" : "?" + rawQuery));
    Map<String, List<String>> forwarded = new LinkedHashMap<>();
    headers.forEach(
        (name, values) -> {
          if (!NOT_FORWARDED.contains(name)) {
            forwarded.put(name, values);
          }
        });
    // The backend may check signatures too (moto with authentication on): sign the path-style
    // request again for it, as the same caller, with the same SDK signer.
    SigV4Authorization caller = SigV4Authorization.parse(first(headers, "authorization")).get();
    Map<String, List<String>> signed =
        BackendSigning.sign(
            exchange.getRequestMethod(),
            target,
            forwarded,
            body,
            caller.accessKeyId(),
            secretsByAccessKeyId.get(caller.accessKeyId()),
            first(headers, "x-amz-security-token"),
            caller.region());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    signed.forEach(
        (name, values) -> {
          if (!name.equalsIgnoreCase("host")) {
            values.forEach(value -> request.header(name, value));
          }
        });
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding to the backend", e);
    }
    boolean head = exchange.getRequestMethod().equals("HEAD");
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              // HEAD keeps Content-Length: it is the object's size, and no body follows.
              boolean keep =
                  !name.startsWith(":")
                      && (!NOT_RETURNED.contains(lower)
                          || (head && lower.equals("content-length")));
              if (keep) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
              }
            });
    int status = response.statusCode();
    long length = response.headers().firstValueAsLong("content-length").orElse(-1);
    try (InputStream in = response.body()) {
      if (head || status == 204 || status == 304 || length == 0) {
        exchange.sendResponseHeaders(status, -1);
        in.transferTo(OutputStream.nullOutputStream());
        return;
      }
      exchange.sendResponseHeaders(status, length < 0 ? 0 : length);
      try (OutputStream out = exchange.getResponseBody()) {
        in.transferTo(out);
      }
    }
  }

  private static Optional<Instant> amzDate(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(value, AMZ_DATE).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Map<String, List<String>> lowerCaseHeaders(HttpExchange exchange) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) ->
                headers
                    .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .addAll(values));
    return headers;
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
