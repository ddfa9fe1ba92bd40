package dev.ecsbootstrap.testing.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.tls.PrivateCa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The strict front against the real S3 servers: what AWS S3 accepts passes, what it refuses fails.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(
    value = S3Backends.class,
    names = {"S3MOCK", "MOTO"})
class StrictS3FrontIT {
  private static final String ACCESS_KEY_ID = "AKIDSTRICTFRONTTEST";
  private static final String SECRET = Canary.SECRET;
  private static final String SESSION_TOKEN = "strict-front-session-token";
  private static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String BODY = "hello from the backend\n";
  private static final int CURL_TIMEOUT_SECONDS = 30;

  private static PrivateCa ca;
  private static PrivateCa.ServerCertificate s3Certificate;

  @Parameter S3Backends kind;

  private S3Backend backend;
  private String bucket;
  private String dottedBucket;
  private StrictS3Front front;

  @BeforeAll
  static void issueCertificate() {
    ca = PrivateCa.create();
    s3Certificate =
        ca.issueServerCertificate(
            List.of("*.s3.us-east-1.amazonaws.com", "s3.us-east-1.amazonaws.com"));
  }

  @AfterAll
  static void deleteCa() {
    ca.close();
  }

  @BeforeEach
  void seed() {
    backend = kind.sharedOrSkip("StrictS3FrontIT");
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    bucket = "front-" + suffix;
    dottedBucket = "my.dotted." + suffix;
    for (String name : List.of(bucket, dottedBucket)) {
      backend.createBucket(name);
      backend.put(name, "key.txt", BODY.getBytes(StandardCharsets.UTF_8), ObjectEncryption.SSE_S3);
    }
  }

  @AfterEach
  void stop() {
    if (front != null) {
      front.close();
      assertThat(front.refusals().toString() + front.requests()).doesNotContain(Canary.forms());
    }
  }

  private StrictS3Front startHttp() {
    front = StrictS3Front.start(backend.endpoint(), Map.of(ACCESS_KEY_ID, SECRET));
    return front;
  }

  private StrictS3Front startHttps() {
    front =
        StrictS3Front.startHttps(backend.endpoint(), Map.of(ACCESS_KEY_ID, SECRET), s3Certificate);
    return front;
  }

  private String objectUrl(String key) {
    return front.url() + "/" + bucket + "/" + key;
  }

  /** A client signing with the front's own keys. */
  private S3Client sdkClient(Region region) {
    return sdkClient(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET), region);
  }

  private S3Client sdkClient(AwsCredentials credentials, Region region) {
    return sdkClient(front.url(), UrlConnectionHttpClient.create(), credentials, region);
  }

  /** Starts the front over HTTPS for localhost and a client that trusts the CA. */
  private S3Client sdkClientOverHttps(AwsCredentials credentials) {
    front =
        StrictS3Front.startHttps(
            backend.endpoint(),
            Map.of(ACCESS_KEY_ID, SECRET),
            ca.issueServerCertificate(List.of("localhost")));
    return sdkClient(
        URI.create("https://localhost:" + front.port()),
        UrlConnectionHttpClient.builder().tlsTrustManagersProvider(ca::trustManagers).build(),
        credentials,
        Region.US_EAST_1);
  }

  private static S3Client sdkClient(
      URI endpoint, SdkHttpClient http, AwsCredentials credentials, Region region) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(region)
        .httpClient(http)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .build();
  }

  @Test
  void sdkClientGetsAndHeadsAnObjectThroughTheFront() {
    startHttp();
    try (S3Client s3 = sdkClient(Region.US_EAST_1)) {
      assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("key.txt")).asUtf8String())
          .isEqualTo(BODY);
      assertThat(s3.headObject(r -> r.bucket(bucket).key("key.txt")).contentLength())
          .isEqualTo(BODY.length());
    }
    assertThat(front.refusals()).isEmpty();
    assertThat(front.accepted())
        .extracting(StrictS3Front.Accepted::bucket, StrictS3Front.Accepted::virtualHosted)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(bucket, false));
  }

  @Test
  void sdkClientWithSessionCredentialsSignsTheTokenAndPasses() {
    startHttp();
    try (S3Client s3 =
        sdkClient(
            AwsSessionCredentials.create(ACCESS_KEY_ID, SECRET, SESSION_TOKEN), Region.US_EAST_1)) {
      assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("key.txt")).asUtf8String())
          .isEqualTo(BODY);
    }
    assertThat(front.refusals()).isEmpty();
    assertThat(front.requests().get(0).header("x-amz-security-token")).isEqualTo(SESSION_TOKEN);
  }

  @Test
  void sdkClientWithAnotherSecretIsRefusedWithSignatureDoesNotMatch() {
    startHttp();
    try (S3Client s3 =
        sdkClient(AwsBasicCredentials.create(ACCESS_KEY_ID, "another-secret"), Region.US_EAST_1)) {
      assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket(bucket).key("key.txt")))
          .isInstanceOfSatisfying(S3Exception.class, s3Error(403, "SignatureDoesNotMatch"));
    }
    assertThat(front.refusals())
        .extracting(StrictS3Front.Refusal::code)
        .containsOnly("SignatureDoesNotMatch");
    assertThat(front.accepted()).isEmpty();
  }

  @Test
  void sdkClientWithAnUnknownAccessKeyIsRefused() {
    startHttp();
    try (S3Client s3 =
        sdkClient(AwsBasicCredentials.create("AKIDUNKNOWN", SECRET), Region.US_EAST_1)) {
      assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket(bucket).key("key.txt")))
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId"));
    }
  }

  @Test
  void sdkClientSignsQueriesAndEncodedKeysAsTheFrontChecksThem() {
    startHttp();
    String key = "dir/a b+c=d~e.txt";
    backend.put(bucket, key, BODY.getBytes(StandardCharsets.UTF_8), ObjectEncryption.SSE_S3);
    try (S3Client s3 = sdkClient(Region.US_EAST_1)) {
      assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String())
          .isEqualTo(BODY);
      assertThat(
              s3.listObjectsV2(r -> r.bucket(bucket).prefix("dir/a b").delimiter("/")).contents())
          .extracting(object -> object.key())
          .containsExactly(key);
    }
    assertThat(front.refusals()).isEmpty();
  }

  @Test
  void sdkClientOverHttpsTrustsTheCaForLocalhost() {
    try (S3Client s3 =
        sdkClientOverHttps(AwsSessionCredentials.create(ACCESS_KEY_ID, SECRET, SESSION_TOKEN))) {
      assertThat(s3.getObjectAsBytes(r -> r.bucket(dottedBucket).key("key.txt")).asUtf8String())
          .isEqualTo(BODY);
    }
    assertThat(front.refusals()).isEmpty();
  }

  @Test
  void sdkClientPutsOverHttpsWithUnsignedPayload() {
    try (S3Client s3 = sdkClientOverHttps(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET))) {
      s3.putObject(
          r -> r.bucket(bucket).key("put.txt"),
          software.amazon.awssdk.core.sync.RequestBody.fromString("put through the front"));
      assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("put.txt")).asUtf8String())
          .isEqualTo("put through the front");
    }
    assertThat(front.refusals()).isEmpty();
  }

  @Test
  void sdkPutOverPlainHttpIsChunkSignedAndAnsweredNotImplemented() {
    startHttp();
    try (S3Client s3 = sdkClient(Region.US_EAST_1)) {
      assertThatThrownBy(
              () ->
                  s3.putObject(
                      r -> r.bucket(bucket).key("put.txt"),
                      software.amazon.awssdk.core.sync.RequestBody.fromString("chunked")))
          .isInstanceOfSatisfying(S3Exception.class, s3Error(501, "NotImplemented"));
    }
    assertThat(front.requests().get(0).header("x-amz-content-sha256")).startsWith("STREAMING-");
  }

  @Test
  void backendAloneForgivesWhatTheFrontRefuses() throws Exception {
    Curl direct = curl(sigV4("us-east-1"), backend.endpoint() + "/" + bucket + "/key.txt");

    assertThat(direct.status())
        .as("the emulator needs no x-amz-content-sha256: the reason for the front")
        .isEqualTo(200);
  }

  @Test
  void anonymousRequestIsRefused() throws Exception {
    startHttp();

    Curl result = curl(objectUrl("key.txt"));

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.body()).contains("<Code>AccessDenied</Code>");
    assertThat(front.accepted()).isEmpty();
  }

  @Test
  void curlWithContentSha256AndSignedTokenGetsTheObject() throws Exception {
    startHttp();

    Curl result =
        curl(
            sigV4("us-east-1"),
            "-H",
            "x-amz-security-token: " + SESSION_TOKEN,
            "-H",
            "x-amz-content-sha256: " + EMPTY_SHA256,
            objectUrl("key.txt"));

    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    assertThat(result.body()).isEqualTo(BODY);
    assertThat(front.refusals()).isEmpty();
  }

  @Test
  void curlWithUnsignedPayloadGetsTheObject() throws Exception {
    startHttp();

    Curl result =
        curl(
            sigV4("us-east-1"),
            "-H",
            "x-amz-content-sha256: UNSIGNED-PAYLOAD",
            objectUrl("key.txt"));

    assertThat(result.status()).as(result.toString()).isEqualTo(200);
  }

  @Test
  void curlWithoutContentSha256IsRefusedAsS3Does() throws Exception {
    startHttp();

    Curl result =
        curl(
            sigV4("us-east-1"),
            "-H",
            "x-amz-security-token: " + SESSION_TOKEN,
            objectUrl("key.txt"));

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.body())
        .contains("<Code>InvalidRequest</Code>")
        .contains("Missing required header for this request: x-amz-content-sha256");
    assertThat(front.refusals())
        .extracting(StrictS3Front.Refusal::code)
        .containsOnly("InvalidRequest");
  }

  @Test
  void bodyThatDoesNotMatchItsDeclaredDigestIsRefused() throws Exception {
    startHttp();

    Curl result =
        curl(
            sigV4("us-east-1"),
            "-X",
            "PUT",
            "--data-binary",
            "not empty",
            "-H",
            "x-amz-content-sha256: " + EMPTY_SHA256,
            objectUrl("put.txt"));

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.body()).contains("<Code>XAmzContentSHA256Mismatch</Code>");
    assertThat(front.accepted()).isEmpty();
  }

  @Test
  void securityTokenOutsideSignedHeadersIsRefused() throws Exception {
    startHttp();
    URI uri = URI.create(objectUrl("key.txt"));

    HttpResponse<String> response =
        sendSignedByTest(uri, uri, Map.of("x-amz-security-token", SESSION_TOKEN), Instant.now());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body())
        .contains("<Code>AccessDenied</Code>")
        .contains("<HeadersNotSigned>x-amz-security-token</HeadersNotSigned>");
  }

  @Test
  void contentSha256OutsideSignedHeadersIsRefused() throws Exception {
    startHttp();
    // The SDK's signer always signs x-amz-content-sha256; the header is left out of SignedHeaders
    // by hand. The signature is never reached: the front refuses before it checks it.
    String amzDate =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(objectUrl("key.txt")))
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential="
                    + ACCESS_KEY_ID
                    + "/"
                    + amzDate.substring(0, 8)
                    + "/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature="
                    + "0".repeat(64))
            .header("x-amz-date", amzDate)
            .header("x-amz-content-sha256", EMPTY_SHA256)
            .build();

    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("<Code>InvalidRequest</Code>")
        .contains("x-amz-content-sha256&apos; must be included in signature");
  }

  @Test
  void signatureForAnotherKeyIsRefused() throws Exception {
    startHttp();
    URI signedFor = URI.create(objectUrl("other.txt"));
    URI sentTo = URI.create(objectUrl("key.txt"));

    HttpResponse<String> response = sendSignedByTest(signedFor, sentTo, Map.of(), Instant.now());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    assertThat(front.accepted()).isEmpty();
  }

  @Test
  void requestSignedAnHourAgoIsRefusedAsTooSkewed() throws Exception {
    startHttp();
    URI uri = URI.create(objectUrl("key.txt"));

    HttpResponse<String> response =
        sendSignedByTest(uri, uri, Map.of(), Instant.now().minus(Duration.ofHours(1)));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("<Code>RequestTimeTooSkewed</Code>");
  }

  @Test
  void headSignedForAnotherRegionGetsTheRegionInAHeaderWithoutBody() {
    startHttp();
    try (S3Client s3 = sdkClient(Region.EU_WEST_1)) {
      assertThatThrownBy(() -> s3.headObject(r -> r.bucket(bucket).key("key.txt")))
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(301);
                assertThat(
                        e.awsErrorDetails()
                            .sdkHttpResponse()
                            .firstMatchingHeader("x-amz-bucket-region"))
                    .contains("us-east-1");
              });
    }
  }

  /**
   * Signs a GET for {@code signedFor} with the SDK's signer, as a client would, {@code
   * x-amz-content-sha256} of the empty body included, then sends it to {@code sentTo} with {@code
   * unsignedHeaders} added after signing.
   */
  private static HttpResponse<String> sendSignedByTest(
      URI signedFor, URI sentTo, Map<String, String> unsignedHeaders, Instant signedAt)
      throws Exception {
    SdkHttpRequest.Builder toSign =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(signedFor)
            .putHeader("x-amz-content-sha256", EMPTY_SHA256);
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                SignRequest.builder(AwsCredentialsIdentity.create(ACCESS_KEY_ID, SECRET))
                    .request(toSign.build())
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                    .putProperty(
                        AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC))
                    .build())
            .request();
    HttpRequest.Builder request = HttpRequest.newBuilder(sentTo).GET();
    signed
        .headers()
        .forEach(
            (name, values) -> {
              // The HTTP client sets Host itself and refuses it as a header.
              if (!name.equalsIgnoreCase("host")) {
                values.forEach(value -> request.header(name, value));
              }
            });
    unsignedHeaders.forEach(request::header);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void requestSignedForAnotherRegionGetsPermanentRedirect() throws Exception {
    startHttp();

    Curl result =
        curl(
            sigV4("eu-west-1"),
            "-H",
            "x-amz-content-sha256: " + EMPTY_SHA256,
            objectUrl("key.txt"));

    assertThat(result.status()).isEqualTo(301);
    assertThat(result.header("x-amz-bucket-region")).isEqualTo("us-east-1");
    assertThat(result.body())
        .contains("<Code>PermanentRedirect</Code>")
        .contains("<Endpoint>s3.us-east-1.amazonaws.com</Endpoint>");
  }

  @Test
  void bucketDeclaredInAnotherRegionRedirectsThereAndServesWhenSignedForIt() throws Exception {
    startHttp().bucketRegion(bucket, "eu-west-1");
    String url = objectUrl("key.txt");

    Curl home = curl(sigV4("us-east-1"), "-H", "x-amz-content-sha256: " + EMPTY_SHA256, url);
    Curl away = curl(sigV4("eu-west-1"), "-H", "x-amz-content-sha256: " + EMPTY_SHA256, url);

    assertThat(home.status()).isEqualTo(301);
    assertThat(home.header("x-amz-bucket-region")).isEqualTo("eu-west-1");
    assertThat(away.status()).as(away.toString()).isEqualTo(200);
  }

  @Test
  void hostNamingAnotherRegionGetsPermanentRedirect() throws Exception {
    startHttps();

    Curl result =
        curl(
            sigV4("us-east-1"),
            toTheHttpsFront(),
            "-k",
            "-H",
            "x-amz-content-sha256: " + EMPTY_SHA256,
            "https://s3.eu-west-1.amazonaws.com/" + bucket + "/key.txt");

    assertThat(result.status()).as(result.toString()).isEqualTo(301);
    assertThat(result.header("x-amz-bucket-region")).isEqualTo("us-east-1");
  }

  @Test
  void httpsVirtualHostedBucketVerifiesAgainstTheCa() throws Exception {
    startHttps();

    Curl result = curlHttps("https://" + bucket + ".s3.us-east-1.amazonaws.com/key.txt");

    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    assertThat(result.body()).isEqualTo(BODY);
    assertThat(front.accepted())
        .singleElement()
        .satisfies(
            accepted -> {
              assertThat(accepted.virtualHosted()).isTrue();
              assertThat(accepted.bucket()).isEqualTo(bucket);
              assertThat(accepted.key()).isEqualTo("key.txt");
            });
  }

  @Test
  void httpsVirtualHostedDottedBucketFailsNameVerification() throws Exception {
    startHttps();

    Curl result = curlHttps("https://" + dottedBucket + ".s3.us-east-1.amazonaws.com/key.txt");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(60);
    assertThat(front.accepted()).isEmpty();
  }

  @Test
  void httpsPathStyleDottedBucketWorks() throws Exception {
    startHttps();

    Curl result = curlHttps("https://s3.us-east-1.amazonaws.com/" + dottedBucket + "/key.txt");

    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    assertThat(result.body()).isEqualTo(BODY);
    assertThat(front.accepted())
        .singleElement()
        .satisfies(
            accepted -> {
              assertThat(accepted.virtualHosted()).isFalse();
              assertThat(accepted.host()).isEqualTo("s3.us-east-1.amazonaws.com");
              assertThat(accepted.bucket()).isEqualTo(dottedBucket);
            });
  }

  private Curl curlHttps(String url) throws Exception {
    return curl(
        sigV4("us-east-1"),
        toTheHttpsFront(),
        "-H",
        "x-amz-security-token: " + SESSION_TOKEN,
        "-H",
        "x-amz-content-sha256: " + EMPTY_SHA256,
        url);
  }

  /** Any host name connects to the front, whose certificate curl checks against the CA. */
  private String[] toTheHttpsFront() {
    return new String[] {
      "--cacert", ca.caCertificatePem().toString(), "--connect-to", "::127.0.0.1:" + front.port()
    };
  }

  private static String[] sigV4(String region) {
    return new String[] {
      "--aws-sigv4", "aws:amz:" + region + ":s3", "--user", ACCESS_KEY_ID + ":" + SECRET
    };
  }

  private static Consumer<S3Exception> s3Error(int status, String code) {
    return e -> {
      assertThat(e.statusCode()).isEqualTo(status);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    };
  }

  /** curl's answer: exit code, status, lower-case headers, body. */
  record Curl(int exitCode, int status, Map<String, String> headers, String body, String stderr) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private static Curl curl(Object... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "20"));
    for (Object argument : arguments) {
      if (argument instanceof String[] many) {
        command.addAll(List.of(many));
      } else {
        command.add((String) argument);
      }
    }
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    CompletableFuture<byte[]> stderr =
        CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    byte[] stdout = readAll(process.getInputStream());
    if (!process.waitFor(CURL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("curl did not finish");
    }
    return parse(
        process.exitValue(),
        new String(stdout, StandardCharsets.UTF_8),
        new String(stderr.get(), StandardCharsets.UTF_8));
  }

  private static Curl parse(int exitCode, String output, String stderr) {
    int status = 0;
    Map<String, String> headers = new java.util.HashMap<>();
    String body = "";
    String rest = output;
    // -i prints every response's head; a 100 Continue comes before the real one.
    while (rest.startsWith("HTTP/")) {
      int end = rest.indexOf("\r\n\r\n");
      String head = end < 0 ? rest : rest.substring(0, end);
      rest = end < 0 ? "" : rest.substring(end + 4);
      String[] lines = head.split("\r\n");
      status = Integer.parseInt(lines[0].split(" ")[1]);
      headers.clear();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(
              lines[i].substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
              lines[i].substring(colon + 1).strip());
        }
      }
      body = rest;
    }
    return new Curl(exitCode, status, Map.copyOf(headers), body, stderr);
  }

  private static byte[] readAll(java.io.InputStream in) {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
