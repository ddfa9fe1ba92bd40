package dev.ecsbootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.reliability.ReliabilityReport.Row;
import dev.ecsbootstrap.reliability.ReliabilityReport.TestReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
    Pattern declaration =
        Pattern.compile("([^;{}]*)\\bvoid\\s+" + Pattern.quote(method) + "\\s*\\(");
    return declaration
        .matcher(source)
        .results()
        .map(match -> match.group(1))
        .anyMatch(
            annotations ->
                TEST_ANNOTATION.matcher(annotations).find() && !annotations.contains("@Disabled"));
  }

  private static Optional<String> source(String topLevelClass) {
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
    assertThat(declaresTest(source, "isDisabled")).isFalse();
    assertThat(declaresTest(source, "isNoTest")).isFalse();
    assertThat(declaresTest(source, "absent")).isFalse();
  }
}
