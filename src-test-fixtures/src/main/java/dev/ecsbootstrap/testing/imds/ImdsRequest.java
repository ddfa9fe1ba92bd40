package dev.ecsbootstrap.testing.imds;

import java.util.Locale;
import java.util.Map;

/** One request the emulator received; header names are lower case. */
public record ImdsRequest(String method, String path, Map<String, String> headers) {

  public ImdsRequest {
    headers = Map.copyOf(headers);
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    // Tokens are bearer secrets of a kind: show that one was sent, not what it was.
    return method
        + " "
        + path
        + (headers.containsKey(FakeImds.TOKEN_HEADER) ? " (with token)" : "");
  }
}
