package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.config.Problem;
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
    boolean verbose =
        parsed.matchedOption("--verbose") != null
            || (parsed.subcommand() != null
                && parsed.subcommand().matchedOption("--verbose") != null);
    if (failure instanceof BootstrapException bootstrap) {
      for (Problem problem : bootstrap.problems()) {
        err.println(problem.render(bootstrap.source()));
      }
      err.println("ecs-bootstrap: error: " + bootstrap.getMessage());
    } else {
      err.println(
          "ecs-bootstrap: error: internal error ("
              + failure.getClass().getName()
              + "); rerun with --verbose and report it");
    }
    if (verbose) {
      failure.printStackTrace(err);
    }
    err.flush();
    return failure instanceof BootstrapException bootstrap
        ? bootstrap.exitCode().value()
        : ExitCode.INTERNAL.value();
  }
}
