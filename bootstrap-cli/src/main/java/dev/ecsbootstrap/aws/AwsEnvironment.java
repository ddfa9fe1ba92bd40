package dev.ecsbootstrap.aws;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables the SDK would read from the process, read instead from one injected map
 * (the process environment in production, a test's map in tests), so every input of the AWS wiring
 * is a parameter: endpoints, the IMDS endpoint, credential sources and the region chain.
 */
public final class AwsEnvironment {
  private final Map<String, String> variables;

  private AwsEnvironment(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  public static AwsEnvironment of(Map<String, String> variables) {
    return new AwsEnvironment(variables);
  }

  /** AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL: the SDK's service-specific endpoint settings. */
  Optional<URI> s3Endpoint() {
    return get("AWS_ENDPOINT_URL_S3").or(() -> get("AWS_ENDPOINT_URL")).map(URI::create);
  }

  /** The IMDS emulator in tests; the SDK's default (169.254.169.254) when absent. */
  Optional<URI> imdsEndpoint() {
    return get("AWS_EC2_METADATA_SERVICE_ENDPOINT").map(URI::create);
  }

  /** AWS_REGION (the SDK's), else AWS_DEFAULT_REGION (the AWS CLI's). */
  Optional<String> region() {
    return get("AWS_REGION").or(() -> get("AWS_DEFAULT_REGION"));
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(variables.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  String profileName() {
    return get("AWS_PROFILE").orElse("default");
  }

  /** The shared config and credentials files, where they exist (the SDK's default locations). */
  Optional<Path> configFile() {
    return existing(get("AWS_CONFIG_FILE").map(Path::of).orElse(home().resolve(".aws/config")));
  }

  Optional<Path> credentialsFile() {
    return existing(
        get("AWS_SHARED_CREDENTIALS_FILE")
            .map(Path::of)
            .orElse(home().resolve(".aws/credentials")));
  }

  /** Whether the ECS/CodeBuild container credential endpoint is configured. */
  boolean hasContainerCredentials() {
    return get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").isPresent()
        || get("AWS_CONTAINER_CREDENTIALS_FULL_URI").isPresent();
  }

  private Path home() {
    return Path.of(get("HOME").orElse(System.getProperty("user.home")));
  }

  private static Optional<Path> existing(Path file) {
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  @Override
  public String toString() {
    // Holds AWS_SECRET_ACCESS_KEY when set: never print the values.
    return "AwsEnvironment" + variables.keySet().stream().sorted().toList();
  }
}
