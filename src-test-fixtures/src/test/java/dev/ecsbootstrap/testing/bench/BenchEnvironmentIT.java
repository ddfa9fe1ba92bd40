package dev.ecsbootstrap.testing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.Sha256;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.S3Backends;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** What bench/run relies on: the env file, the trust store and the HTTPS + IMDS path it names. */
class BenchEnvironmentIT {
  @TempDir static Path directory;

  private static BenchEnvironment environment;
  private static Path envFile;

  private static S3Backend s3;
  private static byte[] bundle;

  @BeforeAll
  static void start() throws IOException {
    s3 = S3Backends.S3MOCK.sharedOrSkip("BenchEnvironmentIT");
    bundle = "a stand-in for the boot bundle".getBytes(StandardCharsets.UTF_8);
    Path bundleFile = Files.write(directory.resolve("bundle.tar.gz"), bundle);
    environment = BenchEnvironment.start(directory, s3, Optional.of(bundleFile));
    envFile = environment.writeEnvFile();
  }

  @Test
  void aGivenBundleIsStoredEncryptedAndNamedWithItsDigest() {
    Map<String, String> variables = environment.variables();

    assertThat(variables).containsEntry("BENCH_BUNDLE_SHA256", Sha256.hex(bundle));
    HeadObjectResponse head =
        s3.client()
            .headObject(
                request ->
                    request
                        .bucket(variables.get("BENCH_BUCKET"))
                        .key(variables.get("BENCH_BUNDLE_KEY")));
    assertThat(head.contentLength()).isEqualTo(bundle.length);
    assertThat(head.serverSideEncryptionAsString()).isEqualTo("aws:kms");
  }

  @Test
  void aCommandRunsWithEveryVariableAndItsStatusIsReturned() throws Exception {
    int status =
        environment.run(
            List.of(
                "bash",
                "-c",
                "[[ $BENCH_BUCKET == bench-config-bucket && $BENCH_S3_ENDPOINT == https://* ]] && exit 7"));

    assertThat(status).as("7 only when both variables arrived").isEqualTo(7);
  }

  @AfterAll
  static void stop() {
    if (environment != null) {
      environment.close();
    }
  }

  @Test
  void theEnvFileGivesBashBackEveryVariableExactly() {
    List<String> names = List.copyOf(environment.variables().keySet());
    StringBuilder script = new StringBuilder("source \"$1\"");
    names.forEach(name -> script.append("; printf '%s\\0' \"$").append(name).append('"'));
    CliResult result =
        CliRunner.runProcess(
                List.of("bash", "-c", script.toString(), "bash", envFile.toString()),
                new byte[0],
                Map.of(),
                Duration.ofSeconds(30))
            .assertExit(0);

    String[] values = result.out().split("\0", -1);
    Map<String, String> sourced = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      sourced.put(names.get(i), values[i]);
    }
    assertThat(sourced).isEqualTo(environment.variables());
  }

  @Test
  void quotingSurvivesEveryShellMetacharacter() {
    String awkward = "it's $HOME `x` \"y\" \\z";
    CliResult result =
        CliRunner.runProcess(
                List.of(
                    "bash", "-c", "X=" + BenchEnvironment.quote(awkward) + "; printf %s \"$X\""),
                new byte[0],
                Map.of(),
                Duration.ofSeconds(30))
            .assertExit(0);

    assertThat(result.out()).isEqualTo(awkward);
  }

  @Test
  void theTrustStoreHoldsEveryJdkRootAndTheBenchCa() throws Exception {
    Map<String, String> variables = environment.variables();
    KeyStore cacerts = KeyStore.getInstance(KeyStore.getDefaultType());
    try (InputStream in =
        Files.newInputStream(
            Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
      cacerts.load(in, "changeit".toCharArray());
    }

    KeyStore store = load(variables);

    assertThat(store.size()).isEqualTo(cacerts.size() + 1).isGreaterThan(100);
    assertThat(variables).containsEntry("BENCH_TRUST_STORE_CERTIFICATES", "" + store.size());
  }

  @Test
  void aClientTrustingOnlyTheTrustStoreFetchesTheObjectWithTheEmulatorsRoleCredentials()
      throws Exception {
    Map<String, String> variables = environment.variables();
    TrustManager[] trust = trustManagers(load(variables));
    try (InstanceProfileCredentialsProvider role =
            InstanceProfileCredentialsProvider.builder()
                .endpoint(variables.get("BENCH_IMDS_ENDPOINT"))
                .build();
        S3Client client =
            S3Client.builder()
                .endpointOverride(URI.create(variables.get("BENCH_S3_ENDPOINT")))
                .forcePathStyle(true)
                .region(Region.of(variables.get("BENCH_REGION")))
                .httpClient(
                    UrlConnectionHttpClient.builder().tlsTrustManagersProvider(() -> trust).build())
                .credentialsProvider(role)
                .build()) {
      byte[] object =
          client
              .getObjectAsBytes(
                  request ->
                      request.bucket(variables.get("BENCH_BUCKET")).key(variables.get("BENCH_KEY")))
              .asByteArray();

      assertThat(Sha256.hex(object)).isEqualTo(variables.get("BENCH_OBJECT_SHA256"));
    }
    assertThat(variables.get("BENCH_S3_ENDPOINT")).startsWith("https://");
    assertThat(environment.front().refusals()).isEmpty();
    assertThat(environment.imdsRequests()).isPositive();
  }

  @Test
  void theEnvFileHoldsNoRoleSecret() throws IOException {
    assertThat(Files.readString(envFile))
        .doesNotContain("bench-role-secret-access-key")
        .doesNotContain("bench-role-session-token");
  }

  private static KeyStore load(Map<String, String> variables)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(variables.get("BENCH_TRUST_STORE_TYPE"));
    try (InputStream in = Files.newInputStream(Path.of(variables.get("BENCH_TRUST_STORE")))) {
      store.load(in, variables.get("BENCH_TRUST_STORE_PASSWORD").toCharArray());
    }
    return store;
  }

  private static TrustManager[] trustManagers(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }
}
