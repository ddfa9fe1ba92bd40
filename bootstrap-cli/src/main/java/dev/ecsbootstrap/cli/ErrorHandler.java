package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Problem;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Prints a failure as one line, {@code ecs-bootstrap: error: <message>}, preceded by one
 * compiler-style line per problem for invalid content. Stack traces only with --verbose. Our
 * messages carry no values; an unexpected exception's message is not shown at all, since we cannot
 * know what it holds.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    int exitCode = Main.exitCodeOf(failure);
    String message;
    if (failure instanceof BootstrapException bootstrap) {
      for (Problem problem : bootstrap.problems()) {
        err.println(problem.render(bootstrap.source()));
      }
      message = bootstrap.getMessage();
    } else {
      message =
          "internal error ("
              + failure.getClass().getName()
              + "); rerun with --verbose and report it";
    }
    err.println("ecs-bootstrap: error: " + message);
    if (matched(parsed, "--verbose")) {
      failure.printStackTrace(err);
    }
    err.flush();
    if (matched(parsed, "--json")) {
      BootstrapException bootstrap = failure instanceof BootstrapException b ? b : null;
      commandLine
          .getOut()
          .println(
              JsonReport.failed(
                  exitCode,
                  message,
                  bootstrap == null ? "" : bootstrap.source(),
                  bootstrap == null ? java.util.List.of() : bootstrap.problems()));
      commandLine.getOut().flush();
    }
    return exitCode;
  }

  private static boolean matched(CommandLine.ParseResult parsed, String option) {
    for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (level.matchedOption(option) != null) {
        return true;
      }
    }
    return false;
  }
}
