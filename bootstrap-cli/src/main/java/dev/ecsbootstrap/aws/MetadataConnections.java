package dev.ecsbootstrap.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionFactory;

/**
 * Opens the IMDS client's connections as the SDK's own instance-role credential fetch does ({@code
 * regions/internal/util/ConnectionUtils}): direct, never through a proxy, with fixed timeouts. The
 * client's default builder instead builds a TLS context in its constructor, loading the JVM's whole
 * trust store, for an endpoint that is plain HTTP on every instance; on a cold JVM that was most of
 * the 101 ms the HTTP clients took to build. An {@code https} endpoint still works: it gets the
 * JVM's default TLS socket factory, built on its first use. {@code wait-agent} opens its requests
 * to the ECS agent's introspection API, on this host, the same way.
 */
public final class MetadataConnections implements UrlConnectionFactory {
  private final int connectMillis;
  private final int readMillis;

  public MetadataConnections(Duration connect, Duration read) {
    this.connectMillis = Math.toIntExact(connect.toMillis());
    this.readMillis = Math.toIntExact(read.toMillis());
  }

  @Override
  public HttpURLConnection createConnection(URI uri) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
      connection.setConnectTimeout(connectMillis);
      connection.setReadTimeout(readMillis);
      return connection;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
