package dev.ecsbootstrap.ecsconfig;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.aws.Deadline;
import dev.ecsbootstrap.fragment.Setting;
import java.nio.file.Path;
import java.time.Duration;
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

  /** {@link #update(Path, List, boolean, Deadline, boolean)} with 30 s to get the lock. */
  public static Outcome update(Path target, List<Setting> settings, boolean dryRun) {
    return update(target, settings, dryRun, Deadline.after(Duration.ofSeconds(30)), false);
  }

  /**
   * Merges {@code settings} into {@code target}. A write holds the target's lock from the read to
   * the rename, waiting for it at most until {@code deadline}, so concurrent runs never lose each
   * other's keys; it refuses a folder others may write unless {@code allowSharedFolder}.
   */
  public static Outcome update(
      Path target,
      List<Setting> settings,
      boolean dryRun,
      Deadline deadline,
      boolean allowSharedFolder) {
    AtomicFiles.requirePrivateFolder(target, allowSharedFolder);
    if (dryRun) {
      // No lock: a dry run writes nothing, and a concurrent run only makes its diff one snapshot
      // old, as any diff printed before another run is.
      return new Outcome(
          EcsConfigMerge.merge(AtomicFiles.readExisting(target), settings), Status.DRY_RUN, false);
    }
    TargetLock held;
    try {
      held = TargetLock.acquire(target, deadline);
    } catch (BootstrapException e) {
      if (e.exitCode() == ExitCode.LOCAL_FILE) {
        return unchangedWithoutLock(target, settings, e);
      }
      throw e;
    }
    try (TargetLock lock = held) {
      // Any temp file of ours is a killed run's while we hold the lock: only a lock holder writes.
      AtomicFiles.removeStale(target);
      byte[] existing = AtomicFiles.readExisting(target);
      return writeIfChanged(target, existing, EcsConfigMerge.merge(existing, settings));
    }
  }

  /**
   * Replaces {@code target} with the merge's content, under the caller's lock. Byte-identical
   * content is not written, so the file's inode and mtime stay too (idempotent reruns at reboot);
   * only its mode is tightened.
   */
  static Outcome writeIfChanged(Path target, byte[] existing, MergeResult merge) {
    if (!merge.changed()) {
      boolean modeFixed = existing.length > 0 && AtomicFiles.restrictMode(target);
      return new Outcome(merge, Status.UNCHANGED, modeFixed);
    }
    AtomicFiles.replace(target, merge.content());
    return new Outcome(merge, Status.CHANGED, false);
  }

  /**
   * A folder in which no lock file can be made (read-only, or not this user's) admits no write
   * either; a file that already holds the settings at 0600 is still truthfully "unchanged", as it
   * was before runs took a lock. Anything else fails with the lock's error.
   */
  private static Outcome unchangedWithoutLock(
      Path target, List<Setting> settings, BootstrapException lockFailure) {
    byte[] existing = AtomicFiles.readExisting(target);
    MergeResult merge = EcsConfigMerge.merge(existing, settings);
    if (!merge.changed() && (existing.length == 0 || AtomicFiles.hasOwnerOnlyMode(target))) {
      return new Outcome(merge, Status.UNCHANGED, false);
    }
    throw lockFailure;
  }
}
