package dev.ecsbootstrap.cfn;

import dev.ecsbootstrap.testing.s3.ChildProcessServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

  private final ChildProcessServer server;

  private ChangeSetMoto(ChildProcessServer server) {
    this.server = server;
  }

  static ChangeSetMoto start() {
    int port = ChildProcessServer.freePort();
    List<String> command =
        List.of("python3", SCRIPT.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port));
    return new ChangeSetMoto(
        ChildProcessServer.start("moto-change-sets", command, port, START_TIMEOUT));
  }

  URI endpoint() {
    return server.endpoint();
  }

  @Override
  public void close() {
    server.close();
  }
}
