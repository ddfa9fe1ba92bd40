package dev.ecsbootstrap.testing.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Adobe S3Mock, the zero-setup default. It runs from its Spring Boot "exec" jar in a child process
 * so its classpath (Spring, Kotlin, its own SDK) never meets ours. Maven copies the jar to the path
 * in the {@code s3mock.jar} system property; without it we look in the local Maven repository.
 */
public final class S3MockBackend implements S3Backend {
  private final ChildProcessServer server;
  private final S3Client client;

  private S3MockBackend(ChildProcessServer server) {
    this.server = server;
    this.client = S3Seeding.client(server.endpoint());
  }

  public static S3MockBackend start() {
    Path jar = jar();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "S3Mock jar not found at " + jar + "; run the build through Maven");
    }
    int port = ChildProcessServer.freePort();
    Path root;
    try {
      root = Files.createTempDirectory("s3mock-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-Xmx384m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            jar.toString(),
            // Only the main connector takes a bind address, so it is the one we use, over plain
            // HTTP. S3Mock 4.12.4 also always adds a plain-HTTP connector on its httpPort, with a
            // port and no address (S3MockConfiguration.createHttpConnector): Tomcat binds that on
            // every interface and no property reaches it, so it gets an ephemeral port, unused.
            "--server.address=127.0.0.1",
            "--server.port=" + port,
            "--server.ssl.enabled=false",
            "--com.adobe.testing.s3mock.httpPort=0",
            "--com.adobe.testing.s3mock.store.root=" + root,
            "--com.adobe.testing.s3mock.store.validKmsKeys="
                + TestKms.KEY_ARN
                + ","
                + TestKms.OTHER_KEY_ARN,
            "--spring.main.banner-mode=off");
    return new S3MockBackend(
        ChildProcessServer.start("s3mock", command, port, Duration.ofSeconds(90)));
  }

  static Path jar() {
    String configured = System.getProperty("s3mock.jar");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String version = pinnedVersion();
    return Path.of(
        System.getProperty("user.home"),
        ".m2",
        "repository",
        "com",
        "adobe",
        "testing",
        "s3mock",
        version,
        "s3mock-" + version + "-exec.jar");
  }

  private static String pinnedVersion() {
    Properties properties = new Properties();
    try (InputStream in =
        S3MockBackend.class.getResourceAsStream("/dev/ecsbootstrap/testing/versions.properties")) {
      properties.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("versions.properties missing from the fixtures jar", e);
    }
    return properties.getProperty("s3mock.version");
  }

  @Override
  public String name() {
    return "s3mock";
  }

  @Override
  public URI endpoint() {
    return server.endpoint();
  }

  @Override
  public S3Client client() {
    return client;
  }

  /** S3Mock validates and stores the bare key id, and echoes that id back instead of the ARN. */
  @Override
  public String kmsKeyReference(String keyArn) {
    return TestKms.keyId(keyArn);
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
