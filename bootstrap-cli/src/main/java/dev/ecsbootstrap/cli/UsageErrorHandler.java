package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.ExitCode;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Usage errors, one line and a hint, without echoing what did not match: picocli's default message
 * quotes every unmatched argument, so {@code --password hunter2} would print the password.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

  @Override
  public int handleParseException(CommandLine.ParameterException failure, String[] args) {
    CommandLine commandLine = failure.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println("ecs-bootstrap: error: " + describe(failure));
    err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return ExitCode.USAGE.value();
  }

  private static String describe(CommandLine.ParameterException failure) {
    if (failure instanceof CommandLine.UnmatchedArgumentException unmatched) {
      List<String> options =
          unmatched.getUnmatched().stream()
              .filter(arg -> arg.startsWith("-"))
              .map(UsageErrorHandler::name)
              .toList();
      int others = unmatched.getUnmatched().size() - options.size();
      return (options.isEmpty() ? "" : "unknown option " + String.join(", ", options) + "; ")
          + (others > 0 ? others + " unexpected argument(s), not shown" : "").strip();
    }
    return failure.getMessage();
  }

  /** An option's name without any {@code =value} glued to it. */
  private static String name(String option) {
    int equals = option.indexOf('=');
    return equals < 0 ? option : option.substring(0, equals);
  }
}
