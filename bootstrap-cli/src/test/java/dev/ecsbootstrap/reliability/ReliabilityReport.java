package dev.ecsbootstrap.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/reliability.md as its checks see it: every table row names, in backticks, the tests that
 * show what the row says ({@code `FaultMatrixIT#applyUnderFault`}; a nested class is {@code
 * Outer.Inner}).
 */
final class ReliabilityReport {
  static final String PAGE = "docs/reliability.md";
  private static final Pattern TEST = Pattern.compile("`([A-Z]\\w*(?:\\.[A-Z]\\w*)*)#(\\w+)`");

  /** One test a row names, and the page's line that names it. */
  record TestReference(String className, String method, int line) {
    /** The class's simple binary name, as Surefire's reports give it after the package. */
    String binaryName() {
      return className.replace('.', '$');
    }

    /** The top-level class, whose file holds the test. */
    String topLevelClass() {
      int dot = className.indexOf('.');
      return dot < 0 ? className : className.substring(0, dot);
    }

    @Override
    public String toString() {
      return PAGE + ":" + line + ": " + className + "#" + method;
    }
  }

  /** A table row and the tests it names (none when the row forgot to). */
  record Row(int line, List<TestReference> tests) {}

  private ReliabilityReport() {}

  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md"))
          && Files.isDirectory(dir.resolve("bootstrap-cli"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no README.md beside bootstrap-cli");
  }

  /** Every body row of every table on the page (not header or separator rows). */
  static List<Row> rows() throws IOException {
    List<String> lines = Files.readAllLines(root().resolve(PAGE), StandardCharsets.UTF_8);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!isTableLine(lines.get(i))
          || isSeparator(lines.get(i))
          || (i + 1 < lines.size() && isSeparator(lines.get(i + 1)))) {
        continue;
      }
      List<TestReference> tests = new ArrayList<>();
      Matcher test = TEST.matcher(lines.get(i));
      while (test.find()) {
        tests.add(new TestReference(test.group(1), test.group(2), i + 1));
      }
      rows.add(new Row(i + 1, tests));
    }
    return rows;
  }

  static List<TestReference> references() throws IOException {
    return rows().stream().flatMap(row -> row.tests().stream()).toList();
  }

  private static boolean isTableLine(String line) {
    return line.startsWith("|");
  }

  private static boolean isSeparator(String line) {
    return line.matches("\\|[\\s:|-]+\\|?\\s*");
  }
}
