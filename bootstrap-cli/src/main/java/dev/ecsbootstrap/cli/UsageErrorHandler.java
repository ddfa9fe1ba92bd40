package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.ExitCode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Usage errors, one line and a hint, built from the command model only, never from the arguments:
 * picocli's own messages quote what did not match or convert ({@code --password-stdin=hunter2}
 * prints "'hunter2' is not a boolean"), so a secret typed into the wrong place would land in the
 * log. Only messages picocli builds from the model alone are passed through.
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
      return describeUnmatched(unmatched);
    }
    // Built from option names and parameter labels only (picocli 4.7's CommandLine.java).
    if (failure instanceof CommandLine.MissingParameterException
        || failure instanceof CommandLine.OverwrittenOptionException
        || failure instanceof CommandLine.MutuallyExclusiveArgsException) {
      return failure.getMessage();
    }
    ArgSpec argSpec = failure.getArgSpec();
    if (argSpec instanceof OptionSpec option) {
      return "invalid value for option " + option.longestName() + ": " + expected(option);
    }
    if (argSpec instanceof PositionalParamSpec positional) {
      return "invalid value for " + positional.paramLabel() + " (not shown)";
    }
    return "invalid arguments (not shown)";
  }

  /** What the option takes, from its type; never the value given. */
  private static String expected(OptionSpec option) {
    Class<?> type = option.type();
    if (option.arity().max() == 0 || type == boolean.class || type == Boolean.class) {
      return "it is a flag and takes no value (the value is not shown)";
    }
    if (type == Duration.class) {
      return DurationConverter.EXPECTED + " (the value is not shown)";
    }
    if (type.isEnum()) {
      return "expected one of "
          + Arrays.toString(type.getEnumConstants())
          + " (the value is not shown)";
    }
    return "expected " + option.paramLabel() + " (the value is not shown)";
  }

  /**
   * Unknown options are counted, not quoted (a secret can start with '-'); picocli's suggestions
   * are option names of the model, so they are shown.
   */
  private static String describeUnmatched(CommandLine.UnmatchedArgumentException unmatched) {
    List<String> arguments = unmatched.getUnmatched();
    long options = arguments.stream().filter(arg -> arg.startsWith("-")).count();
    long others = arguments.size() - options;
    StringBuilder message = new StringBuilder();
    if (options > 0) {
      message.append(options).append(" unknown option(s), not shown");
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        message.append(" (did you mean ").append(String.join(" or ", suggestions)).append("?)");
      }
    }
    if (others > 0) {
      message
          .append(options > 0 ? "; " : "")
          .append(others)
          .append(" unexpected argument(s), not shown");
    }
    return message.toString();
  }
}
