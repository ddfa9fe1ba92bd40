package dev.ecsbootstrap.apply;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.state.StateFile;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a periodic {@code apply} adds to a one-shot one: a state file to skip unchanged sources, and
 * restarting the agent when the file changed.
 *
 * @param stateFile where the state is kept; empty keeps none (a one-shot run needs no writable
 *     /var/lib)
 * @param restartAgent restart the agent when the file changed, or when a restart is pending
 * @param force restart even when the agent keeps no state and its tasks would be lost
 */
public record Rotation(Optional<Path> stateFile, boolean restartAgent, boolean force) {

  /** A one-shot run: no state, no restart. */
  public static final Rotation NONE = new Rotation(Optional.empty(), false, false);

  public Rotation {
    if (force && !restartAgent) {
      throw BootstrapException.usage("--force only applies with --restart-agent");
    }
  }

  /** --restart-agent keeps its state at {@link StateFile#DEFAULT} unless given another file. */
  public static Rotation of(Optional<Path> stateFile, boolean restartAgent, boolean force) {
    return new Rotation(
        restartAgent ? stateFile.or(() -> Optional.of(StateFile.DEFAULT)) : stateFile,
        restartAgent,
        force);
  }
}
