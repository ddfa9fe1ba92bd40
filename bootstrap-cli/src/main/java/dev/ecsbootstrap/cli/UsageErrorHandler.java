package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.UsageMessages;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Usage errors, one line and a hint, from the command model only ({@link UsageMessages}): picocli's
 * own messages quote what did not match or convert, so {@code --password-stdin=hunter2} printed it.
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
      long options = unmatched.getUnmatched().stream().filter(a -> a.startsWith("-")).count();
      long others = unmatched.getUnmatched().size() - options;
      return UsageMessages.unknown(options, others, unmatched.getSuggestions());
    }
    // picocli 4.7 builds these from option names and parameter labels alone.
    if (failure instanceof CommandLine.MissingParameterException
        || failure instanceof CommandLine.OverwrittenOptionException
        || failure instanceof CommandLine.MutuallyExclusiveArgsException) {
      return failure.getMessage();
    }
    return failure.getArgSpec() instanceof OptionSpec option
        ? UsageMessages.invalidValue(option.longestName(), option.type(), option.arity().max() == 0)
        : "invalid arguments (not shown)";
  }
}
