package dev.ecsbootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.reliability.ReliabilityReport.Row;
import dev.ecsbootstrap.reliability.ReliabilityReport.TestReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/reliability.md cannot drift from the suite: every row names a test, and every test it names
 * is declared, as a test, in a test source of this repository. That each one also passes is checked
 * from the build's reports once the integration tests have run ({@code ReliabilityReportCheck}).
 */
class ReliabilityReportTest {
  private static final List<String> TEST_SOURCES =
      List.of(
          "bootstrap-cli/src/test/java",
          "src-test-fixtures/src/test/java",
          "userdata-templates/src/test/java",
          "cloudformation/src/test/java");

  private static final Pattern TEST_ANNOTATION =
      Pattern.compile("@(Test|ParameterizedTest|TestFactory|FuzzTest|RepeatedTest)\\b");

  @Test
  void everyRowOfThePageNamesATest() throws IOException {
    List<Row> rows = ReliabilityReport.rows();

    assertThat(rows).as("table rows of %s", ReliabilityReport.PAGE).isNotEmpty();
    assertThat(rows)
        .filteredOn(row -> row.tests().isEmpty())
        .as("rows of %s that name no test as `Class#method`", ReliabilityReport.PAGE)
        .isEmpty();
  }

  @Test
  void everyTestThePageNamesIsDeclaredAsATest() throws IOException {
    List<TestReference> undeclared =
        ReliabilityReport.references().stream().filter(test -> !isDeclared(test)).toList();

    assertThat(undeclared).as("tests named but not declared with @Test or its kin").isEmpty();
  }

  private static boolean isDeclared(TestReference test) {
    return source(test.topLevelClass())
        .map(text -> declaresTest(text, test.method()))
        .orElse(false);
  }

  /**
   * A method of that name whose annotations (the text since the previous member) include @Test or
   * its kin (@ParameterizedTest, @TestFactory, @FuzzTest, @RepeatedTest) and not @Disabled.
   */
  static boolean declaresTest(String source, String method) {
    List<Integer> boundaries = memberBoundaries(source);
    Matcher declaration =
        Pattern.compile("\\bvoid\\s+" + Pattern.quote(method) + "\\s*\\(").matcher(source);
    while (declaration.find()) {
      int start = declaration.start();
      int member = boundaries.stream().filter(end -> end <= start).reduce(0, Math::max);
      String annotations = source.substring(member, start);
      if (TEST_ANNOTATION.matcher(annotations).find() && !annotations.contains("@Disabled")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where each member's text may begin: after every {@code ;}, {@code {} or {@code }} outside
   * parentheses and string, text block and character literals (an annotation's {@code name = "{0}"}
   * or {@code strings = {...}} is no boundary).
   */
  private static List<Integer> memberBoundaries(String source) {
    List<Integer> boundaries = new ArrayList<>();
    int depth = 0;
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        i = end < 0 ? source.length() : end + 3;
      } else if (c == '"' || c == '\'') {
        i = endOfLiteral(source, i);
      } else {
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        if (depth == 0 && (c == ';' || c == '{' || c == '}')) {
          boundaries.add(i + 1);
        }
        i++;
      }
    }
    return boundaries;
  }

  /** The index after the string or character literal that opens at {@code open}. */
  private static int endOfLiteral(String source, int open) {
    char quote = source.charAt(open);
    int i = open + 1;
    while (i < source.length() && source.charAt(i) != quote) {
      i += source.charAt(i) == '\\' ? 2 : 1;
    }
    return i + 1;
  }

  private static final Map<String, Optional<String>> SOURCES = new ConcurrentHashMap<>();

  private static Optional<String> source(String topLevelClass) {
    return SOURCES.computeIfAbsent(topLevelClass, ReliabilityReportTest::read);
  }

  private static Optional<String> read(String topLevelClass) {
    Path root = ReliabilityReport.root();
    for (String sources : TEST_SOURCES) {
      try (Stream<Path> files = Files.walk(root.resolve(sources))) {
        Optional<Path> file =
            files
                .filter(path -> path.getFileName().toString().equals(topLevelClass + ".java"))
                .findFirst();
        if (file.isPresent()) {
          return Optional.of(Files.readString(file.get(), StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Optional.empty();
  }

  @Test
  void countsOnlyAnnotatedTestsThatAreNotDisabled() {
    String source =
        """
        class Sample {
          @Test
          void runs() {}

          @ParameterizedTest(name = "{0}")
          @ValueSource(strings = {"a", "b"})
          void runsPerNamedFault(String fault) {}

          @ParameterizedTest
          @MethodSource("faults")
          void runsPerFault(String fault) {}

          @Disabled("later")
          @Test
          void isDisabled() {}

          void isNoTest() {}
        }
        """;

    assertThat(declaresTest(source, "runs")).isTrue();
    assertThat(declaresTest(source, "runsPerFault")).isTrue();
    assertThat(declaresTest(source, "runsPerNamedFault")).isTrue();
    assertThat(declaresTest(source, "isDisabled")).isFalse();
    assertThat(declaresTest(source, "isNoTest")).isFalse();
    assertThat(declaresTest(source, "absent")).isFalse();
  }
}
