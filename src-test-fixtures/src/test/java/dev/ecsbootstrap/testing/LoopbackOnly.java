package dev.ecsbootstrap.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a port is served on loopback only, by the operating system's account rather than a
 * fixture's: every LISTEN socket on the port in /proc/net/tcp and /proc/net/tcp6 is bound to a
 * loopback address (Linux; elsewhere only the connections are tried), a connection on loopback
 * succeeds, and one to each of this machine's other addresses fails. A server that binds every
 * interface but reports a "127.0.0.1" URL passes a look at the URL and fails here.
 */
public final class LoopbackOnly {
  private static final List<Path> LISTENING_TABLES =
      List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
  private static final String LISTEN_STATE = "0A";
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final int CONNECT_TIMEOUT_MILLIS = 1000;

  private LoopbackOnly() {}

  public static void assertServedOnlyOnLoopback(int port) {
    if (LISTENING_TABLES.stream().anyMatch(Files::isReadable)) {
      List<InetAddress> listening = listeningAddresses(port);
      assertThat(listening)
          .as("LISTEN sockets on port %d in %s", port, LISTENING_TABLES)
          .isNotEmpty();
      for (InetAddress address : listening) {
        assertThat(address.isLoopbackAddress())
            .as("port %d has a LISTEN socket bound to %s", port, address.getHostAddress())
            .isTrue();
      }
    }
    InetAddress loopback = InetAddress.getLoopbackAddress();
    assertThat(accepts(loopback, port))
        .as("connect to %s:%d", loopback.getHostAddress(), port)
        .isTrue();
    for (InetAddress address : nonLoopbackAddresses()) {
      assertThat(accepts(address, port))
          .as("connect to this machine's non-loopback address %s:%d", address, port)
          .isFalse();
    }
  }

  /** The local addresses of the LISTEN sockets on {@code port}, IPv4 and IPv6. */
  static List<InetAddress> listeningAddresses(int port) {
    String wantedPort = String.format(Locale.ROOT, "%04X", port);
    List<InetAddress> addresses = new ArrayList<>();
    for (Path table : LISTENING_TABLES) {
      if (!Files.isReadable(table)) {
        continue;
      }
      List<String> rows;
      try {
        rows = Files.readAllLines(table);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      // "sl local_address rem_address st ...": the first four columns, the address as HEX:PORT.
      for (String row : rows.subList(1, rows.size())) {
        String[] columns = WHITESPACE.split(row.strip(), 5);
        String local = columns[1];
        int colon = local.indexOf(':');
        if (columns[3].equals(LISTEN_STATE) && local.substring(colon + 1).equals(wantedPort)) {
          addresses.add(address(local.substring(0, colon)));
        }
      }
    }
    return addresses;
  }

  /** Every address of every interface of this machine but the loopback ones; skips none else. */
  static List<InetAddress> nonLoopbackAddresses() {
    try {
      return NetworkInterface.networkInterfaces()
          .flatMap(NetworkInterface::inetAddresses)
          .filter(address -> !address.isLoopbackAddress() && !address.isAnyLocalAddress())
          .toList();
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean accepts(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException refusedOrUnreachable) {
      return false;
    }
  }

  /**
   * The kernel prints an address as 32-bit words in the machine's byte order: one for IPv4, four
   * for IPv6. An IPv4-mapped IPv6 address comes back as the IPv4 address.
   */
  private static InetAddress address(String hex) {
    byte[] printed = HexFormat.of().parseHex(hex);
    ByteBuffer words = ByteBuffer.wrap(printed).order(ByteOrder.nativeOrder());
    ByteBuffer bytes = ByteBuffer.allocate(printed.length).order(ByteOrder.BIG_ENDIAN);
    while (words.hasRemaining()) {
      bytes.putInt(words.getInt());
    }
    try {
      return InetAddress.getByAddress(bytes.array());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("not an address length: " + hex, e);
    }
  }
}
