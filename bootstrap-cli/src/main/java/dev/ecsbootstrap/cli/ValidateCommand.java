package dev.ecsbootstrap.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.fragment.FragmentValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code validate}: the checks {@code apply} makes, offline, on fragments or whole ecs.config
 * files.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Checks fragments or whole ecs.config files offline with the rules apply uses.",
      "",
      "Prints every problem as FILE:LINE: error|warning: message and never a value. Exits 0 when"
          + " there are no errors (warnings allowed), 3 otherwise."
    })
final class ValidateCommand implements Callable<Integer> {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "Fragment or ecs.config to check; '-' reads standard input.")
  List<String> files;

  @Option(names = "--json", description = "Print the problems as one JSON object on stdout.")
  boolean json;

  @Override
  public Integer call() {
    Map<String, List<Problem>> problemsByFile = new LinkedHashMap<>();
    for (String file : files) {
      problemsByFile.put(file, FragmentValidator.check(read(file)));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(json(problemsByFile));
    } else {
      problemsByFile.forEach(
          (file, problems) -> problems.forEach(problem -> out.println(problem.render(file))));
    }
    out.flush();
    boolean anyError =
        problemsByFile.values().stream().flatMap(List::stream).anyMatch(Problem::isError);
    return anyError ? ExitCode.INVALID_CONTENT.value() : ExitCode.OK.value();
  }

  private byte[] read(String file) {
    if (!file.equals("-")) {
      return InputFiles.read(Path.of(file));
    }
    try {
      return InputFiles.read(root.stdin(), "standard input");
    } catch (IOException e) {
      throw BootstrapException.localFile(
          "cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static String json(Map<String, List<Problem>> problemsByFile) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeBooleanField(
          "valid",
          problemsByFile.values().stream().flatMap(List::stream).noneMatch(Problem::isError));
      json.writeArrayFieldStart("problems");
      for (Map.Entry<String, List<Problem>> entry : problemsByFile.entrySet()) {
        for (Problem problem : entry.getValue()) {
          JsonReport.writeProblem(json, entry.getKey(), problem);
        }
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
