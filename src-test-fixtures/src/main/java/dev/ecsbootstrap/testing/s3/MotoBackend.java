package dev.ecsbootstrap.testing.s3;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/** moto's standalone server ({@code moto_server}), where it is on PATH; CI requires it. */
public final class MotoBackend implements S3Backend {
  private final ChildProcessServer server;
  private final S3Client client;

  private MotoBackend(ChildProcessServer server) {
    this.server = server;
    this.client = S3Seeding.client(server.endpoint());
  }

  public static MotoBackend start() {
    int port = ChildProcessServer.freePort();
    List<String> command = List.of("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port));
    return new MotoBackend(ChildProcessServer.start("moto", command, port, Duration.ofSeconds(60)));
  }

  @Override
  public String name() {
    return "moto";
  }

  @Override
  public URI endpoint() {
    return server.endpoint();
  }

  @Override
  public S3Client client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
