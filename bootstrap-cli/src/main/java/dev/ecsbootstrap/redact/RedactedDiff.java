package dev.ecsbootstrap.redact;

import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.ecsconfig.ConfigLine;
import dev.ecsbootstrap.ecsconfig.EcsConfigMerge;
import dev.ecsbootstrap.ecsconfig.KeyChange;
import dev.ecsbootstrap.ecsconfig.MergeResult;
import dev.ecsbootstrap.fragment.EngineAuthType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff (no context lines) of a merge in which every value is redacted. The only value
 * shown is ECS_ENGINE_AUTH_TYPE when it is one of the two type names: that is what an operator
 * needs to see, and it cannot be a credential.
 */
public final class RedactedDiff {
  /**
   * Past this many line pairs the diff is summarised instead of computed (ecs.config files are
   * tiny).
   */
  private static final long MAX_CELLS = 4_000_000;

  private RedactedDiff() {}

  public static List<String> render(String path, MergeResult result) {
    // Lines are compared by their raw text and printed only in redacted form.
    List<String> before = raw(EcsConfigMerge.splitLines(result.original()));
    List<String> after = raw(EcsConfigMerge.splitLines(result.content()));
    List<String> out = new ArrayList<>();
    if (!result.changed()) {
      return out;
    }
    out.add("--- " + path);
    out.add("+++ " + path + " (after apply)");
    if ((long) before.size() * after.size() > MAX_CELLS) {
      out.add("@@ file too large to diff: " + before.size() + " -> " + after.size() + " lines @@");
      return out;
    }
    int[][] lcs = longestCommonSubsequence(before, after);
    int i = 0;
    int j = 0;
    while (i < before.size() || j < after.size()) {
      if (i < before.size()
          && j < after.size()
          && before.get(i).equals(after.get(j))
          && lcs[i][j] == lcs[i + 1][j + 1] + 1) {
        i++;
        j++;
        continue;
      }
      int hunkI = i;
      int hunkJ = j;
      List<String> removed = new ArrayList<>();
      List<String> added = new ArrayList<>();
      while (i < before.size() || j < after.size()) {
        boolean same =
            i < before.size()
                && j < after.size()
                && before.get(i).equals(after.get(j))
                && lcs[i][j] == lcs[i + 1][j + 1] + 1;
        if (same) {
          break;
        }
        if (j < after.size() && (i == before.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
          added.add("+" + redact(after.get(j++)));
        } else {
          removed.add("-" + redact(before.get(i++)));
        }
      }
      out.add("@@ -" + range(hunkI, removed.size()) + " +" + range(hunkJ, added.size()) + " @@");
      out.addAll(removed);
      out.addAll(added);
    }
    return out;
  }

  /**
   * A field-level summary of a merge of the agent's JSON config file: one line per field the merge
   * added or replaced, value redacted. A line diff of that file could not be redacted safely (a
   * value spans lines, and any line of it may be a piece of a password), and the merge names only
   * the fields it owns.
   */
  public static List<String> renderFields(String path, MergeResult result) {
    List<String> out = new ArrayList<>();
    if (!result.changed()) {
      return out;
    }
    out.add("--- " + path);
    out.add("+++ " + path + " (after apply)");
    out.add("@@ fields, values redacted; every other field kept as it was @@");
    for (KeyChange change : result.changes()) {
      if (change.kind() != KeyChange.Kind.UNCHANGED) {
        out.add(
            "~ \"" + change.key() + "\": " + Secret.REDACTED + " (" + change.kind().label() + ")");
      }
    }
    return out;
  }

  private static String range(int start, int count) {
    // Unified diff: an empty range names the line before it.
    return count == 0 ? start + ",0" : (start + 1) + "," + count;
  }

  private static int[][] longestCommonSubsequence(List<String> a, List<String> b) {
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    return lcs;
  }

  private static List<String> raw(List<byte[]> lines) {
    List<String> text = new ArrayList<>(lines.size());
    for (byte[] line : lines) {
      text.add(new String(line, StandardCharsets.ISO_8859_1));
    }
    return text;
  }

  /**
   * A line as the diff may show it: the key, never the value; comments and other lines not at all.
   */
  public static String redact(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return text;
    }
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    String key = ConfigLine.assignedKey(bytes).orElse(null);
    if (key == null) {
      return trimmed.startsWith("#") ? "# [comment]" : "[line]";
    }
    String value = text.substring(text.indexOf('=') + 1);
    if (key.equals("ECS_ENGINE_AUTH_TYPE")
        && text.equals(key + "=" + value)
        && EngineAuthType.fromWireName(value).isPresent()) {
      return text;
    }
    return key + "=" + Secret.REDACTED;
  }
}
