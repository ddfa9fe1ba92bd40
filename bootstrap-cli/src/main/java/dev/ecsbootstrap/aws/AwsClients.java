package dev.ecsbootstrap.aws;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataRetryPolicy;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The only place SDK clients are built, every input taken from one {@link AwsEnvironment}: the S3
 * endpoint (flag, then the SDK's variables), the IMDS endpoint, and the credential sources of the
 * SDK's default chain in its order (keys in the environment, the profile files, the container
 * endpoint, the instance role through IMDSv2). On an instance that is the role: no path needs keys.
 */
public final class AwsClients implements AutoCloseable {
  /** Where the SDK's IMDS client goes when no endpoint is configured. */
  public static final String DEFAULT_IMDS_ENDPOINT = "http://169.254.169.254";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
  // IMDS is a link-local service that answers in milliseconds; a second of silence is a fault.
  private static final Duration IMDS_CONNECT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration IMDS_SOCKET_TIMEOUT = Duration.ofSeconds(2);

  /** The budget of clients built before {@link #within}: the timeouts above, uncut. */
  private static final Duration NO_RUN = Duration.ofHours(1);

  private final AwsEnvironment environment;
  private final Optional<URI> s3Endpoint;
  private final String userAgentSuffix;
  private Deadline deadline = Deadline.after(NO_RUN);
  private SdkHttpClient http;
  private SdkHttpClient imdsHttp;
  private Ec2MetadataClient imds;
  private AwsCredentialsProvider credentials;
  private ProfileFile profileFile;

  /**
   * @param s3EndpointFlag {@code --endpoint-url}; without it AWS_ENDPOINT_URL_S3, then
   *     AWS_ENDPOINT_URL
   */
  public AwsClients(
      Optional<URI> s3EndpointFlag, AwsEnvironment environment, String userAgentSuffix) {
    this.environment = environment;
    this.s3Endpoint = s3EndpointFlag.or(environment::s3Endpoint);
    this.userAgentSuffix = userAgentSuffix;
  }

  /**
   * Cuts every connect and read timeout of the clients to what is left of {@code runDeadline}, so
   * no single connect or read can outlast the run. Call it before the first client is built.
   */
  public synchronized AwsClients within(Deadline runDeadline) {
    if (http != null || imdsHttp != null) {
      throw new IllegalStateException("clients already built with their timeouts");
    }
    deadline = runDeadline;
    return this;
  }

  /**
   * S3's client, through the SDK's builder for its proxy settings (HTTPS_PROXY, NO_PROXY, the JVM's
   * proxy properties), with timeouts at most what is left of the run's deadline.
   */
  private synchronized SdkHttpClient http() {
    if (http == null) {
      http =
          UrlConnectionHttpClient.builder()
              .connectionTimeout(deadline.cap(CONNECT_TIMEOUT))
              .socketTimeout(deadline.cap(SOCKET_TIMEOUT))
              .build();
    }
    return http;
  }

  /** IMDS's client: direct and without a TLS context (see {@link MetadataConnections}). */
  private synchronized SdkHttpClient imdsHttp() {
    if (imdsHttp == null) {
      imdsHttp =
          UrlConnectionHttpClient.create(
              new MetadataConnections(
                  deadline.cap(IMDS_CONNECT_TIMEOUT), deadline.cap(IMDS_SOCKET_TIMEOUT)));
    }
    return imdsHttp;
  }

  /** Where the IMDS client sends its requests, for messages. */
  public String imdsEndpoint() {
    return environment.imdsEndpoint().map(URI::toString).orElse(DEFAULT_IMDS_ENDPOINT);
  }

  /** The region chain every command shares. */
  public RegionResolver regions() {
    return new RegionResolver(environment, this);
  }

  /**
   * IMDSv2 client. No SDK retries and no SDK pause: {@link Retrier} owns the schedule. {@code
   * Ec2MetadataRetryPolicy.none()} alone keeps the default backoff, and the SDK's client sleeps it
   * (up to 100 ms) even after its only attempt ({@code DefaultEc2MetadataClient.get}, SDK 2.40.2).
   */
  public synchronized Ec2MetadataClient imds() {
    if (imds == null) {
      Ec2MetadataClient.Builder builder =
          Ec2MetadataClient.builder()
              .httpClient(imdsHttp())
              .retryPolicy(
                  Ec2MetadataRetryPolicy.builder()
                      .numRetries(0)
                      .backoffStrategy(noPause -> Duration.ZERO)
                      .build());
      environment.imdsEndpoint().ifPresent(builder::endpoint);
      imds = builder.build();
    }
    return imds;
  }

  public S3Client s3(String region) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(http())
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
      List<AwsCredentialsProvider> chain = new ArrayList<>();
      environmentKeys().map(StaticCredentialsProvider::create).ifPresent(chain::add);
      if (environment.configFile().isPresent() || environment.credentialsFile().isPresent()) {
        chain.add(
            ProfileCredentialsProvider.builder()
                .profileFile(this::profileFile)
                .profileName(environment.profileName())
                .build());
      }
      if (environment.hasContainerCredentials()) {
        // Only configured from the process environment, which is then also the injected one.
        chain.add(ContainerCredentialsProvider.builder().build());
      }
      InstanceProfileCredentialsProvider.Builder role =
          InstanceProfileCredentialsProvider.builder();
      environment.imdsEndpoint().map(URI::toString).ifPresent(role::endpoint);
      chain.add(role.build());
      credentials =
          AwsCredentialsProviderChain.builder()
              .credentialsProviders(chain)
              .reuseLastProviderEnabled(true)
              .build();
    }
    return credentials;
  }

  /**
   * The variables the SDK's EnvironmentVariableCredentialsProvider reads, from the injected map
   * (the SDK's provider reads only the real process environment).
   */
  private Optional<AwsCredentials> environmentKeys() {
    Optional<String> keyId = environment.get("AWS_ACCESS_KEY_ID");
    Optional<String> secret = environment.get("AWS_SECRET_ACCESS_KEY");
    if (keyId.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> token = environment.get("AWS_SESSION_TOKEN");
    return Optional.of(
        token.isPresent()
            ? AwsSessionCredentials.create(keyId.get(), secret.get(), token.get())
            : AwsBasicCredentials.create(keyId.get(), secret.get()));
  }

  /** The shared config and credentials files that exist, read once. */
  synchronized ProfileFile profileFile() {
    if (profileFile == null) {
      ProfileFile.Aggregator files = ProfileFile.aggregator();
      environment
          .configFile()
          .ifPresent(file -> files.addFile(profile(file, ProfileFile.Type.CONFIGURATION)));
      environment
          .credentialsFile()
          .ifPresent(file -> files.addFile(profile(file, ProfileFile.Type.CREDENTIALS)));
      profileFile = files.build();
    }
    return profileFile;
  }

  private static ProfileFile profile(Path file, ProfileFile.Type type) {
    return ProfileFile.builder().content(file).type(type).build();
  }

  @Override
  public synchronized void close() {
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
    if (http != null) {
      http.close();
    }
    if (imdsHttp != null) {
      imdsHttp.close();
    }
  }
}
