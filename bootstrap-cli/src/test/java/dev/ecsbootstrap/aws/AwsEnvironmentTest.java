package dev.ecsbootstrap.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsEnvironmentTest {
  @TempDir Path home;

  @Test
  void theServiceEndpointVariableWinsOverTheGlobalOne() {
    assertThat(
            AwsEnvironment.of(
                    Map.of(
                        "AWS_ENDPOINT_URL_S3", "http://s3:2", "AWS_ENDPOINT_URL", "http://all:3"))
                .s3Endpoint())
        .contains(URI.create("http://s3:2"));
    assertThat(AwsEnvironment.of(Map.of("AWS_ENDPOINT_URL", "http://all:3")).s3Endpoint())
        .contains(URI.create("http://all:3"));
  }

  @Test
  void blankVariablesCountAsUnset() {
    AwsEnvironment environment =
        AwsEnvironment.of(
            Map.of(
                "AWS_ENDPOINT_URL_S3", " ",
                "AWS_EC2_METADATA_SERVICE_ENDPOINT", "",
                "AWS_REGION", " "));

    assertThat(environment.s3Endpoint()).isEmpty();
    assertThat(environment.imdsEndpoint()).isEmpty();
    assertThat(environment.region()).isEmpty();
  }

  @Test
  void readsTheImdsEndpointFromTheInjectedMapOnly() {
    assertThat(
            AwsEnvironment.of(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9"))
                .imdsEndpoint())
        .contains(URI.create("http://127.0.0.1:9"));
  }

  @Test
  void awsRegionWinsOverTheCliVariable() {
    assertThat(
            AwsEnvironment.of(Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "us-east-2"))
                .region())
        .contains("eu-west-1");
    assertThat(AwsEnvironment.of(Map.of("AWS_DEFAULT_REGION", "us-east-2")).region())
        .contains("us-east-2");
  }

  @Test
  void findsProfileFilesUnderTheInjectedHomeOrTheirVariables() throws Exception {
    Files.createDirectories(home.resolve(".aws"));
    Path config = Files.writeString(home.resolve(".aws/config"), "[default]\n");
    Path credentials = Files.writeString(home.resolve("creds"), "[default]\n");

    AwsEnvironment environment =
        AwsEnvironment.of(
            Map.of("HOME", home.toString(), "AWS_SHARED_CREDENTIALS_FILE", credentials.toString()));

    assertThat(environment.configFile()).contains(config);
    assertThat(environment.credentialsFile()).contains(credentials);
    assertThat(AwsEnvironment.of(Map.of("HOME", home.resolve("none").toString())).configFile())
        .isEmpty();
  }

  @Test
  void theConfigFileVariableWinsOverTheHomeDirectory() throws Exception {
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/config"), "[default]\n");
    Path config = Files.writeString(home.resolve("ops-config"), "[default]\n");

    assertThat(
            AwsEnvironment.of(Map.of("HOME", home.toString(), "AWS_CONFIG_FILE", config.toString()))
                .configFile())
        .contains(config);
  }

  @Test
  void eitherContainerVariableConfiguresContainerCredentials() {
    assertThat(
            AwsEnvironment.of(Map.of("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials"))
                .hasContainerCredentials())
        .isTrue();
    assertThat(
            AwsEnvironment.of(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23"))
                .hasContainerCredentials())
        .isTrue();
    assertThat(AwsEnvironment.of(Map.of()).hasContainerCredentials()).isFalse();
  }

  @Test
  void neverPrintsValues() {
    assertThat(AwsEnvironment.of(Map.of("AWS_SECRET_ACCESS_KEY", "s3cr3t-value")).toString())
        .contains("AWS_SECRET_ACCESS_KEY")
        .doesNotContain("s3cr3t-value");
  }
}
