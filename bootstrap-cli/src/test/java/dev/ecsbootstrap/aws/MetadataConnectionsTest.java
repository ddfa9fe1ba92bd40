package dev.ecsbootstrap.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.http.LoopbackHttpServer;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.Test;

class MetadataConnectionsTest {
  private final MetadataConnections connections =
      new MetadataConnections(Duration.ofMillis(700), Duration.ofMillis(1_300));

  @Test
  void setsTheGivenConnectAndReadTimeouts() {
    HttpURLConnection connection =
        connections.createConnection(URI.create("http://169.254.169.254/latest/api/token"));

    assertThat(connection.getConnectTimeout()).isEqualTo(700);
    assertThat(connection.getReadTimeout()).isEqualTo(1_300);
    assertThat(connection).isNotInstanceOf(HttpsURLConnection.class);
  }

  @Test
  void goesDirectEvenWhenTheJvmRoutesEverythingThroughAProxy() throws Exception {
    ProxySelector original = ProxySelector.getDefault();
    try (ServerSocket deadProxy = new ServerSocket(0);
        LoopbackHttpServer imds =
            LoopbackHttpServer.start(
                "imds",
                (exchange, request, body) -> {
                  exchange.sendResponseHeaders(200, 2);
                  exchange
                      .getResponseBody()
                      .write("ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                  exchange.close();
                })) {
      ProxySelector.setDefault(new EverythingThrough(deadProxy.getLocalPort()));
      deadProxy.close();

      HttpURLConnection connection = connections.createConnection(imds.url().resolve("/latest"));

      assertThat(connection.getResponseCode()).isEqualTo(200);
      assertThat(connection.usingProxy()).isFalse();
    } finally {
      ProxySelector.setDefault(original);
    }
  }

  /** A JVM-wide proxy setting (-Dhttp.proxyHost) in selector form, pointing at a closed port. */
  private static final class EverythingThrough extends ProxySelector {
    private final int port;

    EverythingThrough(int port) {
      this.port = port;
    }

    @Override
    public List<Proxy> select(URI uri) {
      return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", port)));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {}
  }
}
