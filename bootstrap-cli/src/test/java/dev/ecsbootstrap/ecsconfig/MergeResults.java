package dev.ecsbootstrap.ecsconfig;

import java.util.List;

/** A merge outcome with chosen bytes before and after, for what renders one. */
public final class MergeResults {
  private MergeResults() {}

  public static MergeResult of(byte[] original, byte[] content) {
    return new MergeResult(original, content, List.of());
  }
}
