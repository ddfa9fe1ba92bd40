package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Entry point. Only {@link #main} exits; everything else returns an exit code or throws. */
public final class Main {

  private Main() {}

  public static void main(String... args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(System.in, out, err, System.getenv(), args));
  }

  /**
   * What tests call: standard input and the process environment are parameters, so tests never
   * touch the real ones.
   */
  public static int run(
      InputStream stdin,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> environment,
      String... args) {
    CommandLine commandLine = RootCommand.commandLine(new RootCommand(environment, stdin), args);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExitCodeExceptionMapper(Main::exitCodeOf);
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    documentExitCodes(commandLine);
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * Adds the {@link ExitCode} table to every --help: a subcommand's lists only the codes it can
   * return; the root command's lists them all, naming the commands of those not all of them return.
   */
  private static void documentExitCodes(CommandLine commandLine) {
    usesExitCodes(commandLine, ExitCode.helpTable());
    commandLine
        .getSubcommands()
        .forEach((name, subcommand) -> usesExitCodes(subcommand, ExitCode.helpTable(name)));
  }

  private static void usesExitCodes(CommandLine commandLine, Map<String, String> table) {
    commandLine
        .getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit Codes:%n")
        .exitCodeList(table);
  }

  /** picocli also asks this for its own parse errors, which are usage errors. */
  static int exitCodeOf(Throwable failure) {
    if (failure instanceof CommandLine.ParameterException) {
      return ExitCode.USAGE.value();
    }
    return failure instanceof BootstrapException bootstrap
        ? bootstrap.exitCode().value()
        : ExitCode.INTERNAL.value();
  }
}
