package dev.ecsbootstrap.agent;

import dev.ecsbootstrap.Log;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Restarts the agent where it is a plain container (the docker-agent template): runs the template's
 * installed run script, which removes the container and runs a new one with the template's own
 * {@code docker run} arguments. A container's environment is fixed when it is created, so {@code
 * docker restart} would keep the old ecs.config values, the old registry password among them.
 */
public final class ContainerRestarter implements AgentRestarter {
  /** Long enough for docker to pull the agent's image again, should it be gone. */
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final RestartCommand command;
  private final Log log;

  public ContainerRestarter(Path runScript, Log log) {
    this(runScript, TIMEOUT, log);
  }

  ContainerRestarter(Path runScript, Duration timeout, Log log) {
    this.command = new RestartCommand(List.of(runScript.toString()), timeout);
    this.log = log;
  }

  @Override
  public void requireStateKept(byte[] ecsConfig, boolean force) {
    StateKeeping.require(ecsConfig, StateKeeping.DataDir.FIXED_BY_RUN_SCRIPT, force, log);
  }

  @Override
  public void restart() {
    log.info("recreating the ECS agent's container: " + command.display());
    command.run();
  }
}
