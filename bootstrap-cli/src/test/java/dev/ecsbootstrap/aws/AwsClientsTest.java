package dev.ecsbootstrap.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsClientsTest {

  private static Optional<URI> endpoint(Optional<URI> flag, Map<String, String> environment) {
    try (AwsClients clients = new AwsClients(flag, environment, "test")) {
      return clients.s3Endpoint();
    }
  }

  @Test
  void theFlagWinsOverTheEnvironment() {
    assertThat(
            endpoint(
                Optional.of(URI.create("http://flag:1")),
                Map.of("AWS_ENDPOINT_URL_S3", "http://s3:2", "AWS_ENDPOINT_URL", "http://all:3")))
        .contains(URI.create("http://flag:1"));
  }

  @Test
  void theServiceVariableWinsOverTheGlobalOne() {
    assertThat(
            endpoint(
                Optional.empty(),
                Map.of("AWS_ENDPOINT_URL_S3", "http://s3:2", "AWS_ENDPOINT_URL", "http://all:3")))
        .contains(URI.create("http://s3:2"));
    assertThat(endpoint(Optional.empty(), Map.of("AWS_ENDPOINT_URL", "http://all:3")))
        .contains(URI.create("http://all:3"));
  }

  @Test
  void noOverrideMeansTheRealS3() {
    assertThat(endpoint(Optional.empty(), Map.of("AWS_ENDPOINT_URL_S3", " "))).isEmpty();
  }
}
