package dev.ecsbootstrap.testing.s3;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Checks a SigV4 header signature the only way a test should: by signing the same request again
 * with the AWS SDK's own signer ({@link AwsV4HttpSigner}) and the secret the test registered, then
 * comparing. The request given to the signer holds exactly the headers the client listed in
 * SignedHeaders, the client's {@code x-amz-date} as the signing clock, and the payload hash the
 * client declared (which the front has compared with the body already when it is a digest).
 */
final class SdkSignatureCheck {
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
  static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  private SdkSignatureCheck() {}

  /**
   * Empty when the signature verifies; otherwise what differs, without any secret or signature
   * (only the SignedHeaders the SDK would have used, when they differ from the client's).
   */
  static Optional<String> mismatch(
      String method,
      String hostHeader,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body,
      SigV4Authorization authorization,
      Instant signedAt,
      String secretAccessKey) {
    String contentSha256 = first(headers, "x-amz-content-sha256");
    boolean digest = contentSha256 != null && StrictS3Front.isSha256Hex(contentSha256);
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method));
    hostAndPort(request, hostHeader);
    request.encodedPath(rawPath.isEmpty() ? "/" : rawPath);
    addQuery(request, rawQuery);
    for (String name : authorization.signedHeaders()) {
      List<String> values = headers.get(name);
      if (values != null && !name.equals("host")) {
        request.putHeader(name, values);
      }
    }
    request.putHeader("Host", hostHeader);

    SignRequest.Builder<AwsCredentialsIdentity> sign =
        SignRequest.builder(
                AwsCredentialsIdentity.create(authorization.accessKeyId(), secretAccessKey))
            .request(request.build())
            .putProperty(AwsV4HttpSigner.REGION_NAME, authorization.region())
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, authorization.service())
            .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC))
            // S3 signs the path as sent: no double encoding, no normalisation.
            .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
            .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false);
    if (digest) {
      // The signer hashes the body itself, which equals the declared digest (checked before).
      sign.payload(ContentStreamProvider.fromByteArray(body))
          .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true);
    } else if (UNSIGNED_PAYLOAD.equals(contentSha256)) {
      sign.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false);
    } else {
      return Optional.of(
          "the strict front re-signs only a SHA-256 digest or UNSIGNED-PAYLOAD, not "
              + contentSha256);
    }
    SignedRequest signed = SIGNER.sign(sign.build());
    Optional<SigV4Authorization> expected =
        signed.request().firstMatchingHeader("Authorization").flatMap(SigV4Authorization::parse);
    if (expected.isEmpty()) {
      return Optional.of("the SDK signer produced no SigV4 Authorization header");
    }
    if (!expected.get().signedHeaders().equals(authorization.signedHeaders())) {
      return Optional.of(
          "the SDK signs SignedHeaders="
              + String.join(";", expected.get().signedHeaders())
              + " where the client signed "
              + String.join(";", authorization.signedHeaders()));
    }
    boolean same =
        MessageDigest.isEqual(
            expected.get().signature().getBytes(StandardCharsets.US_ASCII),
            authorization.signature().getBytes(StandardCharsets.US_ASCII));
    return same ? Optional.empty() : Optional.of("signature differs");
  }

  /**
   * The signer writes Host as host[:port], the port only when it is not the protocol's default;
   * pick the protocol so that it writes the Host header exactly as the client sent it.
   */
  private static void hostAndPort(SdkHttpRequest.Builder request, String hostHeader) {
    String host = S3Addressing.hostWithoutPort(hostHeader);
    String portText = hostHeader.substring(host.length());
    if (portText.isEmpty()) {
      request.protocol("https").host(host).port(443);
    } else {
      int port = Integer.parseInt(portText.substring(1));
      request.protocol(port == 443 ? "http" : "https").host(host).port(port);
    }
  }

  private static void addQuery(SdkHttpRequest.Builder request, String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return;
    }
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      request.appendRawQueryParameter(name, value);
    }
  }

  /** Percent-decoding only: a literal '+' in a query stays a '+', as SigV4 canonicalises it. */
  private static String decode(String encoded) {
    return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
