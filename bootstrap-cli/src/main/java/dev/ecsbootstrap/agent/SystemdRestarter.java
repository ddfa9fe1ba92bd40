package dev.ecsbootstrap.agent;

import dev.ecsbootstrap.Log;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Restarts the agent on an ECS-optimized AMI, where ecs-init runs it under {@code ecs.service}:
 * {@code systemctl restart --no-block ecs}. Never blocking: the unit is ordered {@code
 * After=cloud-final.service} (packaging/amazon-linux-ami-integrated/ecs.service, amazon-ecs-agent
 * v1.105.0), so a restart that waited for the job from inside cloud-final (user data) would wait
 * for itself. ecs-init recreates the agent's container on start, from the new ecs.config.
 */
public final class SystemdRestarter implements AgentRestarter {
  /** systemctl returns as soon as the job is queued; this bounds a systemd that does not answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final RestartCommand command;
  private final Log log;

  /** {@code systemctl} is the executable; a bare name is looked up on the PATH. */
  public SystemdRestarter(Path systemctl, Log log) {
    this(systemctl, TIMEOUT, log);
  }

  SystemdRestarter(Path systemctl, Duration timeout, Log log) {
    this.command =
        new RestartCommand(List.of(systemctl.toString(), "restart", "--no-block", "ecs"), timeout);
    this.log = log;
  }

  /** {@code systemctl} from the PATH. */
  public static SystemdRestarter onPath(Log log) {
    return new SystemdRestarter(Path.of("systemctl"), log);
  }

  @Override
  public void requireStateKept(byte[] ecsConfig, boolean force) {
    StateKeeping.require(ecsConfig, StateKeeping.DataDir.ECS_CONFIG_MAY_OVERRIDE, force, log);
  }

  @Override
  public void restart() {
    log.info("restarting the ECS agent: " + command.display() + " (not waiting for it to start)");
    command.run();
  }
}
