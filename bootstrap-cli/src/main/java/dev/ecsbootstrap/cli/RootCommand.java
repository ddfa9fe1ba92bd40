package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Version;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.AwsEnvironment;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code ecs-bootstrap}: the subcommands, and the exit-code table shown by every --help. */
@Command(
    name = "ecs-bootstrap",
    // Every subcommand inherits --help, --version and the version provider.
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Puts private-registry credentials into /etc/ecs/ecs.config from S3, without secrets in user data.",
    // The exit-code table is added to every command from ExitCode by Main, so it cannot drift.
    subcommands = {
      ApplyCommand.class,
      PublishCommand.class,
      ValidateCommand.class,
      RenderUserdataCommand.class
    })
final class RootCommand implements Callable<Integer> {
  private final Map<String, String> environment;
  private final InputStream stdin;

  @Spec CommandSpec spec;

  RootCommand(Map<String, String> environment, InputStream stdin) {
    this.environment = Map.copyOf(environment);
    this.stdin = stdin;
  }

  /** The AWS wiring, every input from the injected environment; {@code endpointUrl} may be null. */
  AwsClients awsClients(URI endpointUrl) {
    return new AwsClients(
        Optional.ofNullable(endpointUrl),
        AwsEnvironment.of(environment),
        "ecs-bootstrap/" + Version.current());
  }

  /** Standard input, injected like the writers so tests can feed it. */
  InputStream stdin() {
    return stdin;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("ecs-bootstrap: error: missing command");
    spec.commandLine().usage(err);
    return ExitCode.USAGE.value();
  }
}
