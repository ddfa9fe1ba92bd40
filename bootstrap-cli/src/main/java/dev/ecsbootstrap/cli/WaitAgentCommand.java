package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.Console;
import dev.ecsbootstrap.agent.AgentMetadata;
import dev.ecsbootstrap.agent.AgentRegistration;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wait-agent}: until the ECS agent on this host has registered. */
@Command(
    name = "wait-agent",
    description = {
      "Waits until the ECS agent on this host has registered its container instance (its"
          + " introspection API reports an ARN), in the expected cluster if given.",
      "",
      "Not from first-boot user data: ecs.service starts after cloud-final, so it would never end."
    })
final class WaitAgentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      paramLabel = "URL",
      defaultValue = "http://localhost:51678",
      description = "The agent's introspection API (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description = "How long to wait (default: ${DEFAULT-VALUE}); exit 6 after it.")
  Duration timeout;

  @Option(
      names = "--cluster",
      paramLabel = "NAME|ARN",
      description = "Wait for registration in this cluster.")
  String cluster;

  @Override
  public Integer call() {
    Console output =
        new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), false, false);
    AgentMetadata agent =
        new AgentRegistration(url, Optional.ofNullable(cluster), output).await(timeout);
    output.info(
        "the ECS agent is registered: "
            + agent.containerInstanceArn().orElseThrow()
            + " in cluster "
            + agent.cluster());
    return 0;
  }
}
