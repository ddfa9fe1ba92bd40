package dev.ecsbootstrap.ecsconfig;

import dev.ecsbootstrap.fragment.Setting;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads ecs.config, merges settings into it and, unless it is a dry run, replaces it atomically.
 */
public final class EcsConfigUpdater {

  /** What happened to the file. */
  public enum Status {
    CHANGED,
    UNCHANGED,
    DRY_RUN;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The merge, what was done with it, and whether an unchanged file's mode had to be tightened. */
  public record Outcome(MergeResult merge, Status status, boolean modeFixed) {}

  private EcsConfigUpdater() {}

  public static Outcome update(Path target, List<Setting> settings, boolean dryRun) {
    byte[] existing = AtomicFiles.readExisting(target);
    MergeResult merge = EcsConfigMerge.merge(existing, settings);
    if (dryRun) {
      return new Outcome(merge, Status.DRY_RUN, false);
    }
    if (!merge.changed()) {
      // Byte-identical: no write, so the file's inode and mtime stay too (idempotent reruns at
      // reboot).
      boolean modeFixed = existing.length > 0 && AtomicFiles.restrictMode(target);
      return new Outcome(merge, Status.UNCHANGED, modeFixed);
    }
    AtomicFiles.replace(target, merge.content());
    return new Outcome(merge, Status.CHANGED, false);
  }
}
