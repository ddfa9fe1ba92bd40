package dev.ecsbootstrap.testing.http;

import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** A request a fixture server received, with lower-case header names. */
public record RecordedRequest(String method, String path, Map<String, String> headers) {

  public RecordedRequest {
    headers = Map.copyOf(headers);
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Names the headers but never shows their values: they carry tokens and signatures. */
  @Override
  public String toString() {
    return method + " " + path + " " + new TreeSet<>(headers.keySet());
  }
}
