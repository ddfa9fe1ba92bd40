package dev.ecsbootstrap.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataRetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The only place SDK clients are built. Endpoints are injectable (flags, the SDK's own environment
 * variables) so tests and S3-compatible stores reach the same code paths as production. Credentials
 * always come from the SDK's default chain: on an instance that is the role through IMDSv2; no path
 * needs keys.
 */
public final class AwsClients implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

  private final Optional<URI> s3Endpoint;
  private final String userAgentSuffix;
  private final SdkHttpClient http;
  private Ec2MetadataClient imds;
  private AwsCredentialsProvider credentials;

  /**
   * @param s3EndpointFlag {@code --endpoint-url}; without it AWS_ENDPOINT_URL_S3, then
   *     AWS_ENDPOINT_URL
   * @param environment the process environment (a parameter so tests need not mutate the real one)
   */
  public AwsClients(
      Optional<URI> s3EndpointFlag, Map<String, String> environment, String userAgentSuffix) {
    this.s3Endpoint =
        s3EndpointFlag
            .or(() -> nonBlank(environment.get("AWS_ENDPOINT_URL_S3")).map(URI::create))
            .or(() -> nonBlank(environment.get("AWS_ENDPOINT_URL")).map(URI::create));
    this.userAgentSuffix = userAgentSuffix;
    this.http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT)
            .socketTimeout(SOCKET_TIMEOUT)
            .build();
  }

  public Optional<URI> s3Endpoint() {
    return s3Endpoint;
  }

  /**
   * IMDSv2 client; the endpoint comes from AWS_EC2_METADATA_SERVICE_ENDPOINT when set (the SDK
   * reads it), which is how tests reach the emulator. No SDK retries: {@link Retrier} owns the
   * schedule.
   */
  public synchronized Ec2MetadataClient imds() {
    if (imds == null) {
      imds =
          Ec2MetadataClient.builder()
              .httpClient(http)
              .retryPolicy(Ec2MetadataRetryPolicy.none())
              .build();
    }
    return imds;
  }

  public S3Client s3(String region) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(http)
            .region(Region.of(region))
            .credentialsProvider(credentials())
            // A bucket in another region still works: the SDK follows S3's redirect once.
            .crossRegionAccessEnabled(true)
            .overrideConfiguration(
                config ->
                    config
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .putAdvancedOption(
                            SdkAdvancedClientOption.USER_AGENT_SUFFIX, userAgentSuffix));
    // Emulators and most S3-compatible stores only speak path-style addressing.
    s3Endpoint.ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
    return builder.build();
  }

  private synchronized AwsCredentialsProvider credentials() {
    if (credentials == null) {
      credentials = DefaultCredentialsProvider.builder().build();
    }
    return credentials;
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }

  @Override
  public void close() {
    if (imds != null) {
      imds.close();
    }
    if (credentials instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // Closing at exit; nothing left to protect.
      }
    }
    http.close();
  }
}
