package dev.ecsbootstrap.agent;

import dev.ecsbootstrap.Log;
import java.nio.file.Path;
import java.util.Optional;

/** Chooses how {@code apply --restart-agent} restarts the agent on this host. */
public final class AgentRestarters {
  private AgentRestarters() {}

  /**
   * The docker-agent template's run script when one is given ({@code --agent-run-script}), else
   * ecs-init's {@code ecs.service} through systemctl from the PATH.
   */
  public static AgentRestarter forHost(Optional<Path> agentRunScript, Log log) {
    return agentRunScript
        .<AgentRestarter>map(script -> new ContainerRestarter(script, log))
        .orElseGet(() -> SystemdRestarter.onPath(log));
  }
}
