package dev.ecsbootstrap.testing.faults;

import java.util.Locale;
import java.util.Map;

/** A request that reached the proxy, with lower-case header names. */
public record ProxiedRequest(String method, String path, Map<String, String> headers) {

  public ProxiedRequest {
    headers = Map.copyOf(headers);
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    // Headers carry signatures and session tokens: never print them.
    return method + " " + path;
  }
}
