package dev.ecsbootstrap.testing.s3;

import java.net.URI;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Signs the request the front forwards, so a backend that checks signatures accepts it too. */
final class BackendSigning {
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private BackendSigning() {}

  /** The headers to send, with Host, X-Amz-Date, x-amz-content-sha256 and Authorization. */
  static Map<String, List<String>> sign(
      String method,
      URI target,
      Map<String, List<String>> headers,
      byte[] body,
      String accessKeyId,
      String secretAccessKey,
      String sessionToken,
      String region) {
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(target);
    headers.forEach(
        (name, values) -> {
          if (!name.equals("x-amz-date") && !name.equals("x-amz-content-sha256")) {
            request.putHeader(name, values);
          }
        });
    AwsCredentialsIdentity identity =
        sessionToken == null
            ? AwsCredentialsIdentity.create(accessKeyId, secretAccessKey)
            : AwsSessionCredentialsIdentity.create(accessKeyId, secretAccessKey, sessionToken);
    return SIGNER
        .sign(
            SignRequest.builder(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .build())
        .request()
        .headers();
  }
}
