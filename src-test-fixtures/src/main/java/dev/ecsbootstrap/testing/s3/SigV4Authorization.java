package dev.ecsbootstrap.testing.s3;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a SigV4 {@code Authorization} header: {@code AWS4-HMAC-SHA256
 * Credential=AK/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=hex}.
 */
record SigV4Authorization(
    String accessKeyId,
    String date,
    String region,
    String service,
    String terminator,
    List<String> signedHeaders,
    String signature) {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";

  private static final Pattern HEADER =
      Pattern.compile(
          ALGORITHM
              + "\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/([^,\\s]+)\\s*,"
              + "\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");

  /** Empty if the header is not a well-formed SigV4 header. */
  static Optional<SigV4Authorization> parse(String header) {
    Matcher matcher = HEADER.matcher(header.strip());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new SigV4Authorization(
            matcher.group(1),
            matcher.group(2),
            matcher.group(3),
            matcher.group(4),
            matcher.group(5),
            Arrays.stream(matcher.group(6).split(";", -1))
                .map(name -> name.toLowerCase(Locale.ROOT))
                .toList(),
            matcher.group(7)));
  }

  /** Never shows the signature. */
  @Override
  public String toString() {
    return "SigV4["
        + accessKeyId
        + "/"
        + date
        + "/"
        + region
        + "/"
        + service
        + " "
        + signedHeaders
        + "]";
  }
}
