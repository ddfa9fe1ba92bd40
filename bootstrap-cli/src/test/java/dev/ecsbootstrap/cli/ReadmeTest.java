package dev.ecsbootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Keeps README.md and docs/ honest where that is cheap: every option of apply and render-userdata
 * is in its README table, the README says how to get the {@code ecs-bootstrap} command it uses, and
 * every relative link resolves to a file of the repository (a clone has no ../shared).
 */
class ReadmeTest {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern FLAG = Pattern.compile("`(--?[a-z0-9-]+)");

  private static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md"))
          && Files.isDirectory(dir.resolve("bootstrap-cli"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no README.md beside bootstrap-cli");
  }

  private static List<String> readme() throws IOException {
    return Files.readAllLines(root().resolve("README.md"), StandardCharsets.UTF_8);
  }

  /** The flags in the first column of the first table after {@code heading}. */
  private static List<String> documentedOptions(String heading) throws IOException {
    List<String> lines = readme();
    int start = lines.indexOf(heading);
    assertThat(start).as("README heading '%s'", heading).isNotNegative();
    List<String> options = new ArrayList<>();
    boolean inTable = false;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("|")) {
        inTable = true;
        // Every flag in the first cell: `-v`, `--verbose` names one option twice.
        Matcher flag = FLAG.matcher(line.split("\\|", 3)[1]);
        while (flag.find()) {
          options.add(flag.group(1));
        }
      } else if (inTable) {
        break;
      }
    }
    return options;
  }

  /** Each option's longest name; --help and --version are the root command's, documented there. */
  private static List<String> options(String command) {
    CommandLine root =
        RootCommand.commandLine(new RootCommand(Map.of(), InputStream.nullInputStream()));
    return root.getSubcommands().get(command).getCommandSpec().options().stream()
        .map(OptionSpec::longestName)
        .filter(name -> !name.equals("--help") && !name.equals("--version"))
        .toList();
  }

  @Test
  void everyApplyOptionIsInTheReadmeTable() throws IOException {
    assertThat(documentedOptions("### `apply`")).containsAll(options("apply"));
  }

  @Test
  void everyRenderUserdataOptionIsInTheReadmeTable() throws IOException {
    assertThat(documentedOptions("### `render-userdata`")).containsAll(options("render-userdata"));
  }

  @Test
  void everyWaitAgentOptionIsInTheReadmeTable() throws IOException {
    assertThat(documentedOptions("### `wait-agent`")).containsAll(options("wait-agent"));
  }

  @Test
  void theReadmeSaysHowToGetTheCommandItUses() throws IOException {
    assertThat(readme())
        .as("README defines the ecs-bootstrap command it writes in its examples")
        .contains("alias ecs-bootstrap='java -jar /opt/ecs-bootstrap/ecs-bootstrap.jar'");
    assertThat(readme())
        .as("an example run on the operator's machine spells the command one way")
        .noneMatch(line -> line.startsWith("$ java -jar"));
  }

  @Test
  void everyRelativeLinkInTheReadmeAndDocsResolves() throws IOException {
    Path root = root();
    List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(page -> page.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    assertThat(pages).hasSizeGreaterThan(2);
    for (Path page : pages) {
      String text = Files.readString(page, StandardCharsets.UTF_8);
      assertThat(text).as(page.toString()).doesNotContain("shared/docs");
      Matcher link = LINK.matcher(text);
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("[a-z]+:.*") || target.startsWith("#")) {
          continue;
        }
        Path file = page.getParent().resolve(target.replaceAll("#.*", "")).normalize();
        assertThat(file).as("link %s in %s", target, page).startsWith(root).exists();
      }
    }
  }
}
