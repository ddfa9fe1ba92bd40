package dev.ecsbootstrap;

import java.util.ArrayList;
import java.util.List;

/** A {@link Log} that keeps each line as "LEVEL message", for tests to assert on exactly. */
public final class RecordingLog implements Log {
  private final List<String> lines = new ArrayList<>();

  @Override
  public void info(String message) {
    lines.add("INFO " + message);
  }

  @Override
  public void warn(String message) {
    lines.add("WARN " + message);
  }

  @Override
  public void debug(String message) {
    lines.add("DEBUG " + message);
  }

  /** The lines so far, oldest first; a live view. */
  public List<String> lines() {
    return lines;
  }
}
