package dev.ecsbootstrap.agent;

/**
 * How {@code apply --restart-agent} restarts the ECS agent on this host, so that it reads the
 * configuration it was just given: the agent reads ecs.config (and its JSON config file) only when
 * it starts.
 */
public interface AgentRestarter {

  /**
   * Refuses ({@link dev.ecsbootstrap.BootstrapException#agentStateNotKept}) when a restart would
   * lose the agent's running tasks because it keeps no state across restarts, judged from {@code
   * ecsConfig}, the file's content as the restarted agent will read it; {@code force} skips the
   * refusal.
   */
  void requireStateKept(byte[] ecsConfig, boolean force);

  /**
   * Restarts the agent without waiting for it to start (never blocks on cloud-init); throws {@link
   * dev.ecsbootstrap.BootstrapException#agentRestartFailed} when the restart could not be issued.
   */
  void restart();
}
