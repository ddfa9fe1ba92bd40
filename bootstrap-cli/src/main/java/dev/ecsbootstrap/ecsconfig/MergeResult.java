package dev.ecsbootstrap.ecsconfig;

import java.util.Arrays;
import java.util.List;

/** The merged file content and what changed, per key. {@code content} holds credentials: never print it. */
public record MergeResult(byte[] original, byte[] content, List<KeyChange> changes) {

  public MergeResult {
    changes = List.copyOf(changes);
  }

  public boolean changed() {
    return !Arrays.equals(original, content);
  }

  public List<String> keys(KeyChange.Kind kind) {
    return changes.stream().filter(change -> change.kind() == kind).map(KeyChange::key).toList();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MergeResult that
        && Arrays.equals(original, that.original)
        && Arrays.equals(content, that.content)
        && changes.equals(that.changes);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(original) + Arrays.hashCode(content)) + changes.hashCode();
  }

  @Override
  public String toString() {
    return "MergeResult[" + changes + ", changed=" + changed() + "]";
  }
}
