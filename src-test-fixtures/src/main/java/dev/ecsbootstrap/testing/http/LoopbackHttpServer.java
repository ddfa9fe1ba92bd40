package dev.ecsbootstrap.testing.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The HTTP plumbing of the in-JVM fakes: binds 127.0.0.1 on a free port (MockWebServer's rule),
 * records every request, and hands it to a {@link Handler} that answers it.
 */
public final class LoopbackHttpServer implements AutoCloseable {

  /** Answers one recorded request; the body has been read already. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpExchange exchange, RecordedRequest request, byte[] body) throws IOException;
  }

  static {
    // The JDK server writes a response's headers and body apart; with Nagle on, a keep-alive
    // client's delayed ACK holds each response ~40 ms. Read once, when the first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final BlockingQueue<RecordedRequest> unread = new LinkedBlockingQueue<>();
  private final List<RecordedRequest> history = new CopyOnWriteArrayList<>();

  /** Handler threads of a server that serves one test's client or a few. */
  private static final int DEFAULT_THREADS = 4;

  /** 0: the JDK's default accept queue (50 connections). */
  private static final int DEFAULT_BACKLOG = 0;

  /**
   * The accept queue of a server for a crowd. Its one dispatcher thread accepts every connection,
   * and on a busy machine it runs seldom: a full queue makes the kernel drop SYNs, and the client
   * retries its connect a second later (past IMDS's one-second connect timeout).
   */
  private static final int CROWD_BACKLOG = 1024;

  private LoopbackHttpServer(String name, int threads, int backlog, SSLContext tls, Handler handler)
      throws IOException {
    executor =
        Executors.newFixedThreadPool(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, name);
              thread.setDaemon(true);
              return thread;
            });
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(loopback, backlog);
    } else {
      HttpsServer https = HttpsServer.create(loopback, backlog);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            RecordedRequest request = record(exchange);
            history.add(request);
            unread.add(request);
            handler.handle(exchange, request, exchange.getRequestBody().readAllBytes());
          }
        });
  }

  public static LoopbackHttpServer start(String name, Handler handler) {
    return start(name, DEFAULT_THREADS, DEFAULT_BACKLOG, null, handler);
  }

  /**
   * A server for a crowd of clients: {@code threads} handlers answer at once (the default four
   * would queue them behind each other), and an accept queue of {@value #CROWD_BACKLOG} holds the
   * connections its dispatcher has not taken yet.
   */
  public static LoopbackHttpServer start(String name, int threads, Handler handler) {
    return start(name, threads, CROWD_BACKLOG, null, handler);
  }

  /** The same server speaking HTTPS with {@code tls}'s certificate. */
  public static LoopbackHttpServer startHttps(String name, SSLContext tls, Handler handler) {
    return start(name, DEFAULT_THREADS, DEFAULT_BACKLOG, tls, handler);
  }

  private static LoopbackHttpServer start(
      String name, int threads, int backlog, SSLContext tls, Handler handler) {
    try {
      LoopbackHttpServer started = new LoopbackHttpServer(name, threads, backlog, tls, handler);
      started.server.start();
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** The address the server socket is bound to, as the socket reports it. */
  public InetSocketAddress boundAddress() {
    return server.getAddress();
  }

  /** The base URL, built from {@link #boundAddress()}. */
  public URI url() {
    InetSocketAddress bound = boundAddress();
    String host = bound.getAddress().getHostAddress();
    return URI.create(
        (server instanceof HttpsServer ? "https://" : "http://")
            + (bound.getAddress() instanceof Inet6Address ? "[" + host + "]" : host)
            + ":"
            + bound.getPort());
  }

  /** The next request not taken yet, waiting up to {@code timeoutMillis}; null if none came. */
  public RecordedRequest takeRequest(long timeoutMillis) throws InterruptedException {
    return unread.poll(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  public List<RecordedRequest> requests() {
    return List.copyOf(history);
  }

  /**
   * Sleeps in a handler for a fault's delay; false when interrupted (the server is closing), so the
   * handler gives up without answering.
   */
  public static boolean pause(Duration duration) {
    if (duration.isZero()) {
      return true;
    }
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Sends a complete response; an empty body is sent without one. A null {@code contentType} keeps
   * whatever response headers the caller set.
   */
  public static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    boolean noBody = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static RecordedRequest record(HttpExchange exchange) {
    Map<String, String> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), values.isEmpty() ? "" : values.get(0)));
    return new RecordedRequest(
        exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers);
  }
}
