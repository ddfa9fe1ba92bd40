package dev.ecsbootstrap.agent;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Log;
import dev.ecsbootstrap.ecsconfig.ConfigLine;
import dev.ecsbootstrap.ecsconfig.EcsConfigMerge;
import dev.ecsbootstrap.fragment.GoBool;
import dev.ecsbootstrap.fragment.GoWhiteSpace;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the ECS agent keeps its state across a restart, judged from ecs.config as the restarted
 * agent reads it. State is the container instance it registered and the tasks it runs, saved in
 * {@code agent.db} under its data folder ({@code agent/data/client.go}). Without it the agent
 * registers as a new container instance and the running tasks are orphaned. Readers keep a key's
 * last assignment (ecs-init's map in getEnvVars; docker keeps the last of a key, runc's
 * libcontainer prepareEnv), so the last line of a key decides.
 */
final class StateKeeping {
  static final String CHECKPOINT = "ECS_CHECKPOINT";
  static final String DATA_DIR = "ECS_DATADIR";

  /**
   * Where ecs-init mounts the host's /var/lib/ecs/data and sets ECS_DATADIR (dataDir and
   * getHostConfig in ecs-init/docker/docker.go, amazon-ecs-agent v1.105.0); the docker-agent run
   * script does the same.
   */
  static final Path MOUNTED_DATA_DIR = Path.of("/data");

  /** Who decides the agent's ECS_DATADIR. */
  enum DataDir {
    /**
     * ecs-init: its default /data, but an ecs.config line overrides it (getContainerConfig merges
     * the file's variables over its defaults), while the bind mount stays on /data.
     */
    ECS_CONFIG_MAY_OVERRIDE,
    /**
     * The docker-agent run script: its {@code --env=ECS_DATADIR=/data} comes after {@code
     * --env-file}, and docker/cli appends --env values after the file's "to allow override" ({@code
     * readKVStrings} in opts/env.go), runc keeping the last of a key.
     */
    FIXED_BY_RUN_SCRIPT
  }

  private StateKeeping() {}

  /** Throws agentStateNotKept when state would be lost, unless {@code force}, which only warns. */
  static void require(byte[] ecsConfig, DataDir dataDir, boolean force, Log log) {
    Optional<String> lost = whyLost(ecsConfig, dataDir);
    if (lost.isEmpty()) {
      return;
    }
    String consequence =
        "; the restarted agent would register as a new container instance and orphan the tasks"
            + " running here";
    if (force) {
      log.warn("--force: restarting the ECS agent although " + lost.get() + consequence);
      return;
    }
    throw BootstrapException.agentStateNotKept(
        "--restart-agent refused: "
            + lost.get()
            + consequence
            + "; ecs.config was written, the agent not restarted (--force restarts anyway)");
  }

  /** Why the agent keeps no state, naming the key and its line (never a value); else empty. */
  static Optional<String> whyLost(byte[] ecsConfig, DataDir dataDir) {
    Map<String, Assignment> last = lastAssignments(ecsConfig);
    Assignment checkpoint = last.get(CHECKPOINT);
    // parseCheckpoint (agent/config/parse.go, HEAD 8dfceca6c): a value ParseBool reads as false
    // turns checkpointing off; unset or unreadable, it is on whenever the data folder is set.
    if (checkpoint != null
        && !GoBool.parse(GoWhiteSpace.trimLeading(checkpoint.value())).orElse(true)) {
      return Optional.of(
          "ecs.config line "
              + checkpoint.line()
              + " turns "
              + CHECKPOINT
              + " off, so the agent keeps no state across a restart");
    }
    Assignment folder = last.get(DATA_DIR);
    if (dataDir == DataDir.ECS_CONFIG_MAY_OVERRIDE
        && folder != null
        && !insideMountedDataDir(folder.value())) {
      return Optional.of(
          "ecs.config line "
              + folder.line()
              + " sets "
              + DATA_DIR
              + " to a folder outside "
              + MOUNTED_DATA_DIR
              + ", where ecs-init mounts the host's /var/lib/ecs/data, so the agent keeps its"
              + " state inside its container, which ecs-init recreates on a restart");
    }
    return Optional.empty();
  }

  /** An empty value leaves the agent no data folder, and parseCheckpoint off by default. */
  private static boolean insideMountedDataDir(String value) {
    try {
      Path folder = Path.of(value).normalize();
      return folder.isAbsolute() && folder.startsWith(MOUNTED_DATA_DIR);
    } catch (InvalidPathException e) {
      return false;
    }
  }

  private record Assignment(int line, String value) {}

  private static Map<String, Assignment> lastAssignments(byte[] ecsConfig) {
    Map<String, Assignment> last = new HashMap<>();
    List<byte[]> lines = EcsConfigMerge.splitLines(ecsConfig);
    for (int i = 0; i < lines.size(); i++) {
      byte[] line = lines.get(i);
      int number = i + 1;
      ConfigLine.assignedKey(line)
          .filter(key -> key.equals(CHECKPOINT) || key.equals(DATA_DIR))
          .ifPresent(
              key ->
                  last.put(
                      key, new Assignment(number, ConfigLine.assignedValue(line).orElseThrow())));
    }
    return last;
  }
}
