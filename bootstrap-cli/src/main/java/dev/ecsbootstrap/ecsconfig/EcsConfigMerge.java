package dev.ecsbootstrap.ecsconfig;

import dev.ecsbootstrap.fragment.Setting;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges settings into an existing ecs.config the way a formatter edits source: each managed key
 * replaces its first line in place, later lines of the same key are dropped (readers keep the last
 * assignment, so a stale duplicate below ours would silently win), every other line keeps its bytes
 * and place, and new keys are appended. Only the safe subset is written
 * (docs/ecs-config-format.md): KEY=VALUE, LF, no quotes.
 */
public final class EcsConfigMerge {

  private EcsConfigMerge() {}

  public static MergeResult merge(byte[] existing, List<Setting> settings) {
    return merge(existing, settings, Set.of());
  }

  /**
   * {@link #merge(byte[], List)}, also dropping every line that assigns one of {@code removed} (for
   * any of the file's readers, {@link ConfigLine#assignedKey}); each such key is reported once as
   * {@link KeyChange.Kind#REMOVED}.
   */
  public static MergeResult merge(byte[] existing, List<Setting> settings, Set<String> removed) {
    Map<String, Setting> managed = new LinkedHashMap<>();
    for (Setting setting : settings) {
      managed.put(setting.key(), setting);
    }
    Map<String, List<byte[]>> existingLines = new LinkedHashMap<>();
    List<byte[]> lines = splitLines(existing);
    Set<String> removedSeen = new LinkedHashSet<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream(existing.length + 1024);
    for (int i = 0; i < lines.size(); i++) {
      byte[] line = lines.get(i);
      boolean last = i == lines.size() - 1;
      String assigned = ConfigLine.assignedKey(line).orElse(null);
      if (assigned != null && removed.contains(assigned) && !managed.containsKey(assigned)) {
        removedSeen.add(assigned);
        continue;
      }
      String key = managed.containsKey(assigned) ? assigned : null;
      if (key == null) {
        out.writeBytes(line);
        if (!last || endsWithNewline(existing)) {
          out.write('\n');
        }
        continue;
      }
      List<byte[]> seen = existingLines.computeIfAbsent(key, k -> new ArrayList<>());
      seen.add(line);
      if (seen.size() == 1) {
        out.writeBytes(render(managed.get(key)));
        out.write('\n');
      }
    }
    List<KeyChange> changes = new ArrayList<>();
    for (Setting setting : managed.values()) {
      List<byte[]> seen = existingLines.get(setting.key());
      if (seen == null) {
        if (out.size() > 0 && !endsWithNewline(out.toByteArray())) {
          out.write('\n');
        }
        out.writeBytes(render(setting));
        out.write('\n');
        changes.add(new KeyChange(setting.key(), KeyChange.Kind.ADDED));
      } else if (seen.size() == 1 && Arrays.equals(seen.get(0), render(setting))) {
        changes.add(new KeyChange(setting.key(), KeyChange.Kind.UNCHANGED));
      } else {
        changes.add(new KeyChange(setting.key(), KeyChange.Kind.REPLACED));
      }
    }
    for (String key : removedSeen) {
      changes.add(new KeyChange(key, KeyChange.Kind.REMOVED));
    }
    return new MergeResult(existing, out.toByteArray(), changes);
  }

  static byte[] render(Setting setting) {
    return setting.render().getBytes(StandardCharsets.UTF_8);
  }

  /** Lines without their '\n'; a final newline does not start another line. */
  public static List<byte[]> splitLines(byte[] content) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\n') {
        lines.add(Arrays.copyOfRange(content, start, i));
        start = i + 1;
      }
    }
    if (start < content.length) {
      lines.add(Arrays.copyOfRange(content, start, content.length));
    }
    return lines;
  }

  private static boolean endsWithNewline(byte[] content) {
    return content.length > 0 && content[content.length - 1] == '\n';
  }
}
