package dev.ecsbootstrap.apply;

import java.util.Locale;

/** What one run did about the agent, for the journal and --json. */
public enum AgentRestart {
  /** No --restart-agent: a pending restart stays pending. */
  NOT_REQUESTED,
  /** --dry-run: never restarts. */
  DRY_RUN,
  /** The file did not change and no restart was pending. */
  NOT_NEEDED,
  RESTARTED;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
