package dev.ecsbootstrap.testing.s3;

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
import java.util.stream.Stream;

/**
 * A server run as a child process on a loopback port: started, polled until it answers HTTP, and
 * destroyed on close or JVM exit. Its output goes to a log file that a failed start quotes.
 */
public final class ChildProcessServer implements AutoCloseable {
  /**
   * Runs the server under a bash watchdog that stops it when our JVM goes away without running its
   * shutdown hooks (SIGKILL, as when PIT kills a minion that timed out): it reads the stdin pipe we
   * hold open (on fd 3, since bash gives background jobs /dev/null) and, at its end, stops the
   * server. Without it every killed test JVM leaves its servers running. Exit status and TERM pass
   * through.
   */
  private static final List<String> WATCHDOG =
      List.of(
          "bash",
          "-c",
          "exec 3<&0; \"$@\" </dev/null 3<&- & server=$!;"
              + " { while read -r -u 3 _; do :; done; kill \"$server\" 2>/dev/null; } & watcher=$!;"
              + " trap 'kill \"$server\" \"$watcher\" 2>/dev/null' EXIT TERM; wait \"$server\"",
          "watchdog");

  private final String name;
  private final Process process;
  private final Path log;
  private final URI endpoint;

  private ChildProcessServer(String name, Process process, Path log, URI endpoint) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.endpoint = endpoint;
  }

  public static ChildProcessServer start(
      String name, List<String> command, int port, Duration startTimeout) {
    try {
      Path log = Files.createTempFile(name + "-", ".log");
      Process process =
          new ProcessBuilder(Stream.concat(WATCHDOG.stream(), command.stream()).toList())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      ChildProcessServer server =
          new ChildProcessServer(name, process, log, URI.create("http://127.0.0.1:" + port));
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, name + "-stop"));
      server.awaitReady(startTimeout);
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** What the watchdog sees when our JVM is killed: the end of its stdin pipe. */
  void closeWatchdogPipe() throws IOException {
    process.getOutputStream().close();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  private void awaitReady(Duration timeout) {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " while starting:\n" + tail());
      }
      if (answers()) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
    throw new IllegalStateException(
        name + " did not answer on " + endpoint + " within " + timeout + ":\n" + tail());
  }

  boolean answers() {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) endpoint.resolve("/").toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      int status = connection.getResponseCode();
      connection.disconnect();
      return status > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
