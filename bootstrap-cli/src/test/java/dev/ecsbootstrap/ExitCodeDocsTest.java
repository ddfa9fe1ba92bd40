package dev.ecsbootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's exit-code table is {@link ExitCode}, row for row, so the two cannot drift. */
class ExitCodeDocsTest {
  private static final String HEADING = "### Exit codes";
  private static final List<String> HEADER =
      List.of("code", "meaning", "returned by", "user data should");
  private static final String EVERY_COMMAND = "every command";

  /** One row of the table: the columns ExitCode holds (not "user data should"). */
  private record Row(int value, String meaning, List<String> commands) {
    static Row of(ExitCode code) {
      return new Row(code.value(), code.meaning(), code.commands());
    }
  }

  @Test
  void readmeTableIsTheEnum() throws IOException {
    List<Row> documented = table(readme());

    assertThat(documented)
        .containsExactlyElementsOf(Arrays.stream(ExitCode.values()).map(Row::of).toList());
  }

  @Test
  void everyCodeNamesACommandAndEveryCommandCanSucceedOrFail() {
    for (ExitCode code : ExitCode.values()) {
      assertThat(code.commands())
          .as("%s", code)
          .isNotEmpty()
          .isSubsetOf(ExitCode.Commands.NAMES)
          .isSortedAccordingTo(
              (a, b) -> ExitCode.Commands.NAMES.indexOf(a) - ExitCode.Commands.NAMES.indexOf(b));
    }
    for (String command : ExitCode.Commands.NAMES) {
      assertThat(ExitCode.of(command))
          .as(command)
          .contains(ExitCode.OK, ExitCode.INTERNAL, ExitCode.USAGE);
    }
  }

  /** The rows of the first table after the heading, checked against the expected header. */
  private static List<Row> table(List<String> lines) {
    int heading = lines.indexOf(HEADING);
    assertThat(heading).as("README heading '%s'", HEADING).isNotNegative();
    int header = heading + 1;
    while (header < lines.size() && !lines.get(header).startsWith("|")) {
      assertThat(lines.get(header)).as("README text before the table").doesNotStartWith("#");
      header++;
    }
    assertThat(cells(lines.get(header))).as("README exit-code table header").isEqualTo(HEADER);
    assertThat(lines.get(header + 1)).matches("\\|(---\\|){" + HEADER.size() + "}");
    List<Row> rows = new ArrayList<>();
    for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      List<String> cells = cells(lines.get(i));
      assertThat(cells).as("README line %d", i + 1).hasSize(HEADER.size());
      rows.add(new Row(Integer.parseInt(cells.get(0)), cells.get(1), commands(cells.get(2))));
    }
    return rows;
  }

  /** {@code every command}, or a comma-separated list of them. */
  private static List<String> commands(String cell) {
    if (cell.equals(EVERY_COMMAND)) {
      return ExitCode.Commands.NAMES;
    }
    return Arrays.stream(cell.split(",")).map(String::strip).toList();
  }

  /** A row's cells, stripped, without code formatting: `apply` is apply. */
  private static List<String> cells(String line) {
    String inner = line.strip();
    assertThat(inner).startsWith("|").endsWith("|");
    return Arrays.stream(inner.substring(1, inner.length() - 1).split("\\|", -1))
        .map(cell -> cell.replace("`", "").strip())
        .toList();
  }

  /** Tests run in bootstrap-cli; the README is at the repository's root, beside it. */
  private static List<String> readme() throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path readme = dir.resolve("README.md");
      if (Files.isRegularFile(readme) && Files.isDirectory(dir.resolve("bootstrap-cli"))) {
        return Files.readAllLines(readme, StandardCharsets.UTF_8);
      }
    }
    throw new IllegalStateException(
        "no README.md beside bootstrap-cli above " + Path.of("").toAbsolutePath());
  }
}
