package dev.ecsbootstrap.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.Canary;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SDK clients as built from one injected environment: the S3 endpoint, the credential chain in
 * the SDK's order, and one of each shared client. Only credentials that resolve without a network
 * are resolved here; ApplyIT covers the instance role through the IMDS emulator.
 */
class AwsClientsTest {
  @TempDir Path home;

  private static final String KEY_ID = "AKIAENVIRONMENT";

  private Map<String, String> environment(Map<String, String> variables) {
    Map<String, String> environment = new HashMap<>(variables);
    environment.putIfAbsent("HOME", home.toString());
    // Never contacted when the chain is right (an earlier provider answers); a port that refuses
    // at once keeps a broken chain from waiting on the link-local address.
    environment.putIfAbsent("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1");
    return environment;
  }

  private AwsClients clients(Map<String, String> variables) {
    return new AwsClients(Optional.empty(), AwsEnvironment.of(environment(variables)), "test");
  }

  private static IdentityProvider<? extends AwsCredentialsIdentity> chain(S3Client s3) {
    return s3.serviceClientConfiguration().credentialsProvider();
  }

  private AwsCredentialsIdentity resolve(Map<String, String> variables) {
    try (AwsClients clients = clients(variables);
        S3Client s3 = clients.s3("eu-west-1")) {
      return chain(s3).resolveIdentity().join();
    }
  }

  private void writeCredentialsFile(Path file, String profile, String keyId) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "["
            + profile
            + "]\naws_access_key_id = "
            + keyId
            + "\naws_secret_access_key = "
            + Canary.SECRET
            + "\n");
  }

  @Test
  void keysInTheInjectedEnvironmentComeFirstWithTheirSessionToken() throws Exception {
    writeCredentialsFile(home.resolve(".aws/credentials"), "default", "AKIAPROFILE");

    AwsCredentialsIdentity credentials =
        resolve(
            Map.of(
                "AWS_ACCESS_KEY_ID",
                KEY_ID,
                "AWS_SECRET_ACCESS_KEY",
                Canary.SECRET,
                "AWS_SESSION_TOKEN",
                "session-token"));

    assertThat(credentials).isInstanceOf(AwsSessionCredentialsIdentity.class);
    assertThat(credentials.accessKeyId()).isEqualTo(KEY_ID);
    assertThat(credentials.secretAccessKey()).isEqualTo(Canary.SECRET);
    assertThat(((AwsSessionCredentialsIdentity) credentials).sessionToken())
        .isEqualTo("session-token");
  }

  @Test
  void keysWithoutATokenAreLongTermKeys() {
    AwsCredentialsIdentity credentials =
        resolve(Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", Canary.SECRET));

    assertThat(credentials).isNotInstanceOf(AwsSessionCredentialsIdentity.class);
    assertThat(credentials.accessKeyId()).isEqualTo(KEY_ID);
  }

  @Test
  void halfAKeyPairIsIgnoredForTheProfilesKeys() throws Exception {
    writeCredentialsFile(home.resolve(".aws/credentials"), "default", "AKIAPROFILE");

    assertThat(resolve(Map.of("AWS_ACCESS_KEY_ID", KEY_ID)).accessKeyId()).isEqualTo("AKIAPROFILE");
    assertThat(resolve(Map.of("AWS_SECRET_ACCESS_KEY", "other")).accessKeyId())
        .isEqualTo("AKIAPROFILE");
  }

  @Test
  void theNamedProfileOfTheCredentialsFileTheVariableNames() throws Exception {
    Path file = home.resolve("elsewhere/credentials");
    writeCredentialsFile(file, "ops", "AKIAOPS");

    assertThat(
            resolve(Map.of("AWS_SHARED_CREDENTIALS_FILE", file.toString(), "AWS_PROFILE", "ops"))
                .accessKeyId())
        .isEqualTo("AKIAOPS");
  }

  @Test
  void keysInTheConfigFileAloneAreUsedToo() throws Exception {
    writeCredentialsFile(home.resolve(".aws/config"), "default", "AKIACONFIG");

    assertThat(resolve(Map.of()).accessKeyId()).isEqualTo("AKIACONFIG");
  }

  @Test
  void theChainHasTheContainerEndpointOnlyWhenConfiguredAndEndsWithTheRole() throws Exception {
    try (AwsClients clients =
            clients(Map.of("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials"));
        S3Client s3 = clients.s3("eu-west-1")) {
      assertThat(chain(s3).toString())
          .endsWith("[ContainerCredentialsProvider(), InstanceProfileCredentialsProvider()])");
    }
    try (AwsClients clients = clients(Map.of());
        S3Client s3 = clients.s3("eu-west-1")) {
      assertThat(chain(s3).toString())
          .endsWith("[InstanceProfileCredentialsProvider()])")
          .doesNotContain("ContainerCredentialsProvider");
    }
  }

  @Test
  void theChainNamesTheProfileButNoKey() throws Exception {
    writeCredentialsFile(home.resolve(".aws/credentials"), "ops", "AKIAOPS");

    try (AwsClients clients =
            clients(
                Map.of(
                    "AWS_PROFILE",
                    "ops",
                    "AWS_ACCESS_KEY_ID",
                    KEY_ID,
                    "AWS_SECRET_ACCESS_KEY",
                    Canary.SECRET));
        S3Client s3 = clients.s3("eu-west-1")) {
      String chain = chain(s3).toString();
      assertThat(chain)
          .contains(
              "ProfileCredentialsProvider(profileName=ops), InstanceProfileCredentialsProvider()");
      for (String secret : Canary.forms()) {
        assertThat(chain).doesNotContain(secret);
      }
    }
  }

  @Test
  void everyS3ClientSharesOneCredentialChain() {
    try (AwsClients clients = clients(Map.of());
        S3Client west = clients.s3("eu-west-1");
        S3Client east = clients.s3("us-east-1")) {
      assertThat(chain(west)).isNotNull().isSameAs(chain(east));
      assertThat(west.serviceClientConfiguration().region().id()).isEqualTo("eu-west-1");
      assertThat(east.serviceClientConfiguration().region().id()).isEqualTo("us-east-1");
    }
  }

  @Test
  void theEndpointFlagWinsOverTheVariables() {
    Map<String, String> variables = environment(Map.of("AWS_ENDPOINT_URL_S3", "http://env:9000"));
    try (AwsClients flagged =
            new AwsClients(
                Optional.of(URI.create("http://flag:9000")), AwsEnvironment.of(variables), "test");
        S3Client s3 = flagged.s3("eu-west-1")) {
      assertThat(s3.serviceClientConfiguration().endpointOverride())
          .contains(URI.create("http://flag:9000"));
    }
    try (AwsClients fromVariables =
            new AwsClients(Optional.empty(), AwsEnvironment.of(variables), "test");
        S3Client s3 = fromVariables.s3("eu-west-1")) {
      assertThat(s3.serviceClientConfiguration().endpointOverride())
          .contains(URI.create("http://env:9000"));
    }
    try (AwsClients real = clients(Map.of());
        S3Client s3 = real.s3("eu-west-1")) {
      assertThat(s3.serviceClientConfiguration().endpointOverride()).isEmpty();
    }
  }

  @Test
  void oneImdsClientServesTheWholeRun() {
    try (AwsClients clients = clients(Map.of())) {
      assertThat(clients.imds()).isNotNull().isSameAs(clients.imds());
    }
  }
}
