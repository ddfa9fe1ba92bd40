package dev.ecsbootstrap.testing.s3;

import dev.ecsbootstrap.testing.TestImages;
import java.net.URI;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * LocalStack through Testcontainers, where a Docker engine answers. Image pinned in {@link
 * TestImages}.
 */
public final class LocalStackBackend implements S3Backend {
  private final LocalStackContainer container;
  private final S3Client client;

  private LocalStackBackend(LocalStackContainer container) {
    this.container = container;
    this.client = S3Seeding.client(container.getEndpoint());
  }

  public static LocalStackBackend start() {
    LocalStackContainer container =
        new LocalStackContainer(DockerImageName.parse(TestImages.LOCALSTACK))
            .withServices("s3", "kms");
    String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
    if (token != null && !token.isBlank()) {
      container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
    }
    container.start();
    return new LocalStackBackend(container);
  }

  @Override
  public String name() {
    return "localstack";
  }

  @Override
  public URI endpoint() {
    return container.getEndpoint();
  }

  @Override
  public S3Client client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    container.stop();
  }
}
