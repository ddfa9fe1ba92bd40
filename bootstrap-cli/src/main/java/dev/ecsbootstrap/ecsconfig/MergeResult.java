package dev.ecsbootstrap.ecsconfig;

import java.util.Arrays;
import java.util.List;

/**
 * The merged file content and what changed, per key. {@code content} holds credentials: never print
 * it, which is why this is a class and not a record (a record would show it in {@code toString()}).
 */
public final class MergeResult {
  private final byte[] original;
  private final byte[] content;
  private final List<KeyChange> changes;

  MergeResult(byte[] original, byte[] content, List<KeyChange> changes) {
    this.original = original.clone();
    this.content = content.clone();
    this.changes = List.copyOf(changes);
  }

  public byte[] original() {
    return original.clone();
  }

  public byte[] content() {
    return content.clone();
  }

  public List<KeyChange> changes() {
    return changes;
  }

  public boolean changed() {
    return !Arrays.equals(original, content);
  }

  public List<String> keys(KeyChange.Kind kind) {
    return changes.stream().filter(change -> change.kind() == kind).map(KeyChange::key).toList();
  }

  @Override
  public String toString() {
    return "MergeResult[" + changes + ", changed=" + changed() + "]";
  }
}
