package dev.ecsbootstrap.apply;

/**
 * What a run did about the agent, and whether a restart is still pending after it (recorded in the
 * state file for the next run).
 */
public record AgentOutcome(AgentRestart restart, boolean pending) {
  public static final AgentOutcome NOT_REQUESTED =
      new AgentOutcome(AgentRestart.NOT_REQUESTED, false);
}
