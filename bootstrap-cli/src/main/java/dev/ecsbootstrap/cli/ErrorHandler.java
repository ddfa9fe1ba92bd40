package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.FailureReport;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Prints a failure through {@link FailureReport}; stack traces only with --verbose. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    int exitCode = Main.exitCodeOf(failure);
    FailureReport report = new FailureReport(failure, exitCode);
    report.lines().forEach(err::println);
    if (matched(parsed, "--verbose")) {
      failure.printStackTrace(err);
    }
    err.flush();
    if (matched(parsed, "--json")) {
      commandLine.getOut().println(report.toJson());
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
