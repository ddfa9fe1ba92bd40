package dev.ecsbootstrap.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One region chain for every command: flag, variables, profile, then the instance. */
class RegionResolverTest {
  @TempDir Path home;
  private final AtomicInteger instanceAsked = new AtomicInteger();

  private String resolve(Optional<String> flag, Map<String, String> variables) {
    Map<String, String> environment = new HashMap<>(variables);
    environment.putIfAbsent("HOME", home.toString());
    try (AwsClients clients =
        new AwsClients(Optional.empty(), AwsEnvironment.of(environment), "test")) {
      return clients
          .regions()
          .resolve(
              flag,
              () -> {
                instanceAsked.incrementAndGet();
                return Optional.of("ap-south-1");
              });
    }
  }

  @Test
  void theFlagWinsAndTheInstanceIsNotAsked() {
    assertThat(resolve(Optional.of("eu-west-1"), Map.of("AWS_REGION", "us-east-1")))
        .isEqualTo("eu-west-1");
    assertThat(instanceAsked).hasValue(0);
  }

  @Test
  void thenAwsRegionThenAwsDefaultRegion() {
    assertThat(
            resolve(
                Optional.empty(), Map.of("AWS_REGION", "us-east-1", "AWS_DEFAULT_REGION", "x-1")))
        .isEqualTo("us-east-1");
    assertThat(resolve(Optional.empty(), Map.of("AWS_DEFAULT_REGION", "us-west-2")))
        .isEqualTo("us-west-2");
    assertThat(instanceAsked).hasValue(0);
  }

  @Test
  void thenTheProfilesRegion() throws Exception {
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(
        home.resolve(".aws/config"),
        "[default]\nregion = eu-north-1\n[profile ops]\nregion = il-central-1\n");

    assertThat(resolve(Optional.empty(), Map.of())).isEqualTo("eu-north-1");
    assertThat(resolve(Optional.empty(), Map.of("AWS_PROFILE", "ops"))).isEqualTo("il-central-1");
    assertThat(instanceAsked).hasValue(0);
  }

  @Test
  void thenTheInstancesRegion() {
    assertThat(resolve(Optional.empty(), Map.of())).isEqualTo("ap-south-1");
    assertThat(instanceAsked).hasValue(1);
  }

  @Test
  void withoutAnyRegionItIsAUsageError() {
    try (AwsClients clients =
        new AwsClients(
            Optional.empty(), AwsEnvironment.of(Map.of("HOME", home.toString())), "test")) {
      assertThatThrownBy(() -> clients.regions().resolve(Optional.empty(), Optional::empty))
          .isInstanceOfSatisfying(
              BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
          .hasMessageContaining("no region");
    }
  }
}
