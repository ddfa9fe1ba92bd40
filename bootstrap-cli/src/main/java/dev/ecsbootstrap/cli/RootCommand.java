package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Version;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.AwsEnvironment;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
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
    // The exit-code table is added to every command from ExitCode by Main, so it cannot drift.
    description =
        "Puts private-registry credentials into /etc/ecs/ecs.config from S3, without secrets in user data.")
final class RootCommand implements Callable<Integer> {
  /**
   * The subcommands by name. picocli builds a command's model by reflection over its annotations, a
   * cost of apply's cold start (docs/performance.md): a run that names one builds only that one.
   */
  private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("apply", ApplyCommand::new);
    COMMANDS.put("publish", PublishCommand::new);
    COMMANDS.put("validate", ValidateCommand::new);
    COMMANDS.put("render-userdata", RenderUserdataCommand::new);
    COMMANDS.put("wait-agent", WaitAgentCommand::new);
  }

  private final Map<String, String> environment;
  private final InputStream stdin;

  @Spec CommandSpec spec;

  RootCommand(Map<String, String> environment, InputStream stdin) {
    this.environment = Map.copyOf(environment);
    this.stdin = stdin;
  }

  /** The command line for {@code args}: every subcommand unless the first argument names one. */
  static CommandLine commandLine(RootCommand root, String... args) {
    CommandLine commandLine = new CommandLine(root);
    boolean named = args.length > 0 && COMMANDS.containsKey(args[0]);
    COMMANDS.entrySet().stream()
        .filter(command -> !named || command.getKey().equals(args[0]))
        .forEach(command -> commandLine.addSubcommand(command.getValue().get()));
    return commandLine;
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
