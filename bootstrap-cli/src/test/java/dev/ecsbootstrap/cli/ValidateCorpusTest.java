package dev.ecsbootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.testing.ValidationCorpus;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code validate} over the corpus: exactly the expected problems, one for one, on exactly the
 * expected lines.
 */
class ValidateCorpusTest {
  private static final Pattern REPORTED =
      Pattern.compile("(.+?)(?::(\\d+))?: (error|warning): (.*)");

  @TempDir Path directory;

  static Stream<ValidationCorpus.Case> cases() {
    return ValidationCorpus.cases().stream();
  }

  /** A reported problem, as parsed back from validate's output. */
  record Reported(int line, String severity, String message) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsExactlyTheExpectedProblems(ValidationCorpus.Case corpusCase) throws IOException {
    Path file = Files.write(directory.resolve("fragment.env"), corpusCase.content());

    CliResult result =
        CliRunner.run(Main::run, Map.of(), "validate", file.toString())
            .assertNoSecretLeak(
                ValidationCorpus.PASSWORD,
                Base64.getEncoder()
                    .encodeToString(
                        ("corpus-user:" + ValidationCorpus.PASSWORD)
                            .getBytes(StandardCharsets.UTF_8)));

    result.assertExit(
        corpusCase.shouldPass() ? ExitCode.OK.value() : ExitCode.INVALID_CONTENT.value());
    // One reported problem per expected one: both in line order, and on one line in the order
    // validate reports them (its order of discovery), so no expected line can match twice.
    List<Reported> reported =
        result
            .out()
            .lines()
            .map(line -> parse(file, line))
            .sorted(Comparator.comparingInt(Reported::line))
            .toList();
    List<ValidationCorpus.Expected> expected =
        corpusCase.expected().stream()
            .sorted(Comparator.comparingInt(ValidationCorpus.Expected::line))
            .toList();
    assertThat(reported).as("%s reported %s", corpusCase, reported).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      Reported actual = reported.get(i);
      ValidationCorpus.Expected wanted = expected.get(i);
      assertThat(actual.line())
          .as("%s: line of %s in %s", corpusCase, wanted, reported)
          .isEqualTo(wanted.line());
      assertThat(actual.severity())
          .as("%s: severity of %s in %s", corpusCase, wanted, reported)
          .isEqualTo(wanted.severity());
      assertThat(actual.message())
          .as("%s: message of %s", corpusCase, wanted)
          .contains(wanted.messagePart());
    }
  }

  private static Reported parse(Path file, String line) {
    Matcher matcher = REPORTED.matcher(line);
    assertThat(matcher.matches()).as("compiler-style line: %s", line).isTrue();
    assertThat(matcher.group(1)).isEqualTo(file.toString());
    int number = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
    return new Reported(number, matcher.group(3), matcher.group(4));
  }
}
