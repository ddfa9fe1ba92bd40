package dev.ecsbootstrap.aws;

import dev.ecsbootstrap.BootstrapException;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;

/**
 * The region of the S3 client, for every command: {@code --region}, AWS_REGION, AWS_DEFAULT_REGION,
 * the profile's region, then the instance's own (IMDS), which a caller supplies because only it
 * knows how long it may wait for metadata.
 */
public final class RegionResolver {
  private final AwsEnvironment environment;
  private final AwsClients clients;

  RegionResolver(AwsEnvironment environment, AwsClients clients) {
    this.environment = environment;
    this.clients = clients;
  }

  public String resolve(Optional<String> flag, Supplier<Optional<String>> instanceRegion) {
    return flag.or(environment::region)
        .or(this::profileRegion)
        .or(instanceRegion)
        .orElseThrow(
            () ->
                BootstrapException.usage(
                    "no region: pass --region, set AWS_REGION, or run on an EC2 instance"));
  }

  private Optional<String> profileRegion() {
    if (environment.configFile().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new AwsProfileRegionProvider(clients::profileFile, environment.profileName())
              .getRegion()
              .id());
    } catch (SdkClientException e) {
      return Optional.empty();
    }
  }
}
