package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.validate.Validation;
import dev.ecsbootstrap.validate.ValidationReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code validate}: the checks {@code apply} makes, offline. */
@Command(
    name = "validate",
    description = {
      "Checks fragments or whole ecs.config files offline with the rules apply uses.",
      "",
      "Prints every problem as FILE:LINE: error|warning: message and never a value. Exits 0 when"
          + " there are no errors (warnings allowed), 3 when there are."
    })
final class ValidateCommand implements Callable<Integer> {
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
    ValidationReport report = Validation.check(files, root.stdin());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(report.toJson());
    } else {
      report.lines().forEach(out::println);
    }
    out.flush();
    return report.valid() ? ExitCode.OK.value() : ExitCode.INVALID_CONTENT.value();
  }
}
