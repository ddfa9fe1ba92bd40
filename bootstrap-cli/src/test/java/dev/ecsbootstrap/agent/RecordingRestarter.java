package dev.ecsbootstrap.agent;

import dev.ecsbootstrap.BootstrapException;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AgentRestarter} that records what apply asked of it, and refuses or fails when told to:
 * the stand-in for the host's agent in tests of apply's restart flow.
 */
public final class RecordingRestarter implements AgentRestarter {
  private final List<String> calls = new ArrayList<>();
  private boolean refuse;
  private int failures;

  /** Refuses every requireStateKept without --force from now on, as for an agent without state. */
  public RecordingRestarter refuseWithoutForce() {
    refuse = true;
    return this;
  }

  /** The next {@code count} restarts fail. */
  public RecordingRestarter failNext(int count) {
    failures = count;
    return this;
  }

  @Override
  public void requireStateKept(byte[] ecsConfig, boolean force) {
    calls.add("requireStateKept" + (force ? " --force" : ""));
    if (refuse && !force) {
      throw BootstrapException.agentStateNotKept("the agent keeps no state (recording stand-in)");
    }
  }

  @Override
  public void restart() {
    if (failures > 0) {
      failures--;
      calls.add("restart failed");
      throw BootstrapException.agentRestartFailed("restart failed (recording stand-in)", null);
    }
    calls.add("restart");
  }

  /**
   * Every call, oldest first: {@code requireStateKept}, {@code restart}, {@code restart failed}.
   */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  /** How many restarts succeeded. */
  public long restarts() {
    return calls.stream().filter("restart"::equals).count();
  }
}
