package dev.ecsbootstrap.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.ecsconfig.MergeResults;
import dev.ecsbootstrap.testing.PropertyCases;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The diff is a correct and minimal patch: applied to the file before, hunk by hunk, it gives the
 * file after, and it removes and adds no more lines than the longest common subsequence leaves.
 * Lines are {@code K_x=v}, whose key survives redaction, so the redacted lines stay tellable apart.
 */
class RedactedDiffPropertyTest {
  private static final Pattern HUNK = Pattern.compile("@@ -(\\d+),(\\d+) \\+(\\d+),(\\d+) @@");

  @Test
  void theDiffIsAMinimalPatchFromBeforeToAfter() {
    PropertyCases.check(
        "theDiffIsAMinimalPatchFromBeforeToAfter",
        8_101L,
        generated -> {
          RandomGenerator random = generated.random();
          List<String> before = lines(random);
          List<String> after = random.nextInt(8) == 0 ? new ArrayList<>(before) : lines(random);

          List<String> diff =
              RedactedDiff.render("f", MergeResults.of(bytes(before), bytes(after)));

          generated.finalAssertionReached();
          if (before.equals(after)) {
            assertThat(diff).isEmpty();
            return;
          }
          assertThat(patch(redacted(before), diff)).isEqualTo(redacted(after));
          long changedLines = diff.stream().filter(line -> line.matches("[-+]K.*")).count();
          assertThat(changedLines)
              .as("lines removed and added")
              .isEqualTo(before.size() + after.size() - 2L * lcs(before, after));
        });
  }

  private static List<String> lines(RandomGenerator random) {
    List<String> lines = new ArrayList<>();
    int count = random.nextInt(9);
    for (int i = 0; i < count; i++) {
      lines.add("K_" + (char) ('A' + random.nextInt(5)) + "=v");
    }
    return lines;
  }

  private static byte[] bytes(List<String> lines) {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append(line).append('\n'));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> redacted(List<String> lines) {
    return lines.stream().map(RedactedDiff::redact).toList();
  }

  /** Applies unified-diff hunks, checking each header against the lines it carries. */
  private static List<String> patch(List<String> before, List<String> diff) {
    assertThat(diff.subList(0, 2)).containsExactly("--- f", "+++ f (after apply)");
    List<String> result = new ArrayList<>();
    int next = 0;
    int i = 2;
    while (i < diff.size()) {
      Matcher hunk = HUNK.matcher(diff.get(i++));
      assertThat(hunk.matches()).as("hunk header %s", diff.get(i - 1)).isTrue();
      int removed = Integer.parseInt(hunk.group(2));
      int added = Integer.parseInt(hunk.group(4));
      // An empty range names the line before it; a non-empty one its first line, 1-based.
      int start =
          removed == 0 ? Integer.parseInt(hunk.group(1)) : Integer.parseInt(hunk.group(1)) - 1;
      int newStart =
          added == 0 ? Integer.parseInt(hunk.group(3)) : Integer.parseInt(hunk.group(3)) - 1;
      result.addAll(before.subList(next, start));
      assertThat(newStart).as("new-file position of the hunk").isEqualTo(result.size());
      for (int r = 0; r < removed; r++) {
        assertThat(diff.get(i++)).isEqualTo("-" + before.get(start + r));
      }
      for (int a = 0; a < added; a++) {
        String line = diff.get(i++);
        assertThat(line).startsWith("+");
        result.add(line.substring(1));
      }
      next = start + removed;
    }
    result.addAll(before.subList(next, before.size()));
    return result;
  }

  private static int lcs(List<String> a, List<String> b) {
    int[][] table = new int[a.size() + 1][b.size() + 1];
    for (int i = 1; i <= a.size(); i++) {
      for (int j = 1; j <= b.size(); j++) {
        table[i][j] =
            a.get(i - 1).equals(b.get(j - 1))
                ? table[i - 1][j - 1] + 1
                : Math.max(table[i - 1][j], table[i][j - 1]);
      }
    }
    return table[a.size()][b.size()];
  }
}
