package dev.ecsbootstrap.cfn;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A moto server of its own for a test that deploys through change sets, started from
 * src/test/python/moto_server_with_change_set_outputs.py: moto 5.2.1's ExecuteChangeSet creates the
 * resources but leaves the stack without Outputs, which `aws cloudformation deploy` and then
 * `describe-stacks` need. Its own process, because the stack names are the README's and the shared
 * moto server holds MotoStacksIT's stacks of the same names.
 */
final class ChangeSetMoto implements AutoCloseable {
  private static final Path SCRIPT =
      Templates.DIRECTORY
          .toAbsolutePath()
          .getParent()
          .resolve("src/test/python/moto_server_with_change_set_outputs.py");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  private final URI endpoint;

  private ChangeSetMoto(Process process, Path log, URI endpoint) {
    this.process = process;
    this.log = log;
    this.endpoint = endpoint;
  }

  static ChangeSetMoto start() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("moto-change-sets-", ".log");
    Process process =
        new ProcessBuilder(
                List.of("python3", SCRIPT.toString(), "-H", "127.0.0.1", "-p", "" + port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    ChangeSetMoto moto = new ChangeSetMoto(process, log, URI.create("http://127.0.0.1:" + port));
    moto.awaitReady();
    return moto;
  }

  URI endpoint() {
    return endpoint;
  }

  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void awaitReady() {
    Instant end = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(end) && process.isAlive()) {
      try {
        HttpURLConnection connection =
            (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
        connection.setConnectTimeout(500);
        int status = connection.getResponseCode();
        connection.disconnect();
        if (status > 0) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
    throw new IllegalStateException("moto did not answer on " + endpoint + ":\n" + log());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
