package dev.ecsbootstrap.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ecs-bootstrap}: the subcommands, and the exit-code table shown by every --help. */
@Command(
    name = "ecs-bootstrap",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Puts private-registry credentials into /etc/ecs/ecs.config from S3, without secrets in user data.",
    // The exit-code table is added to every command from ExitCode by Main, so it cannot drift.
    subcommands = {ApplyCommand.class})
final class RootCommand implements Runnable {
  private final Map<String, String> environment;

  @Spec CommandSpec spec;

  RootCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  Map<String, String> environment() {
    return environment;
  }

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
