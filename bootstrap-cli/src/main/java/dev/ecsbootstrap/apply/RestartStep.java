package dev.ecsbootstrap.apply;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Log;
import dev.ecsbootstrap.agent.AgentRestarter;
import dev.ecsbootstrap.state.ApplyState;
import dev.ecsbootstrap.state.StateFile;
import java.util.Optional;

/**
 * After the write: records the state and, with --restart-agent, restarts the agent when the file
 * changed or a restart is pending, in an order that never records more than is true:
 *
 * <ol>
 *   <li>save the state with the restart pending (the file is written, the agent has not read it);
 *   <li>{@link AgentRestarter#requireStateKept}: a refusal (exit 9) leaves the file written and the
 *       restart pending, so a later run with --force performs it;
 *   <li>{@link AgentRestarter#restart}: a failure (exit 10) leaves it pending, so the next run
 *       retries it even though nothing changed;
 *   <li>save the state with no restart pending.
 * </ol>
 */
final class RestartStep {
  private final AgentRestarter restarter;
  private final Log log;

  RestartStep(AgentRestarter restarter, Log log) {
    this.restarter = restarter;
    this.log = log;
  }

  /**
   * @param before the state loaded at the start of the run ({@link ApplyState#NONE} without one)
   * @param after the state this run leaves, without a pending restart
   * @param content the file as the restarted agent will read it
   */
  AgentOutcome run(
      Rotation rotation,
      Optional<StateFile> stateFile,
      ApplyState before,
      ApplyState after,
      boolean fileChanged,
      byte[] content) {
    if (!rotation.restartAgent()) {
      // Without --restart-agent a change is not a pending restart: at first boot the agent
      // starts after apply and reads the new file anyway.
      save(stateFile, before, after.withPendingRestart(before.pendingRestart()));
      return new AgentOutcome(AgentRestart.NOT_REQUESTED, before.pendingRestart());
    }
    if (!fileChanged && !before.pendingRestart()) {
      save(stateFile, before, after);
      return new AgentOutcome(AgentRestart.NOT_NEEDED, false);
    }
    ApplyState pending = after.withPendingRestart(true);
    boolean recorded = save(stateFile, before, pending);
    String where =
        recorded
            ? "the restart stays pending in " + stateFile.orElseThrow().path()
            : "the restart could not be recorded as pending";
    try {
      restarter.requireStateKept(content, rotation.force());
    } catch (BootstrapException refusal) {
      log.warn("the agent was not restarted and " + where + "; rerun with --force to restart it");
      throw refusal;
    }
    try {
      restarter.restart();
    } catch (BootstrapException failure) {
      log.warn("the agent was not restarted and " + where + "; the next run retries it");
      throw failure;
    }
    log.info("restarted the agent" + (fileChanged ? "" : " (a restart was pending)"));
    save(stateFile, pending, after);
    return new AgentOutcome(AgentRestart.RESTARTED, false);
  }

  /** Saves {@code next} unless it is what the file holds already; whether it is saved. */
  private static boolean save(Optional<StateFile> stateFile, ApplyState current, ApplyState next) {
    if (stateFile.isEmpty()) {
      return false;
    }
    return next.equals(current) || stateFile.get().save(next);
  }
}
