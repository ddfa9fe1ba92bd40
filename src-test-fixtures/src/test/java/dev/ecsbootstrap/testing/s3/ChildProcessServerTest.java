package dev.ecsbootstrap.testing.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildProcessServerTest {
  @Test
  void theServerStopsWhenOurJvmGoesAwayWithoutItsShutdownHooks() throws Exception {
    ChildProcessServer server = start();

    server.closeWatchdogPipe();

    assertThat(stoppedWithin(server, Duration.ofSeconds(10))).isTrue();
    assertThat(server.answers()).isFalse();
  }

  @Test
  void closeStopsTheServer() throws Exception {
    ChildProcessServer server = start();

    server.close();

    assertThat(server.isAlive()).isFalse();
    assertThat(server.answers()).isFalse();
  }

  private static ChildProcessServer start() throws IOException {
    int port = ChildProcessServer.freePort();
    ChildProcessServer server =
        ChildProcessServer.start(
            "http-server",
            List.of("python3", "-m", "http.server", String.valueOf(port), "--bind", "127.0.0.1"),
            port,
            Duration.ofSeconds(30));
    assertThat(server.answers()).isTrue();
    return server;
  }

  private static boolean stoppedWithin(ChildProcessServer server, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!server.isAlive()) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
