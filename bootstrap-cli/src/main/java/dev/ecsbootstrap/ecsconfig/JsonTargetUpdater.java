package dev.ecsbootstrap.ecsconfig;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.aws.Deadline;
import dev.ecsbootstrap.ecsconfig.EcsConfigUpdater.Outcome;
import dev.ecsbootstrap.ecsconfig.EcsConfigUpdater.Status;
import dev.ecsbootstrap.fragment.EcsKeys;
import dev.ecsbootstrap.fragment.Setting;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code apply --target json}: the engine auth goes into the agent's JSON config file, which
 * ecs-init bind-mounts into the agent container ({@code /etc/ecs}, getHostConfig in
 * ecs-init/docker/docker.go) and names in ECS_AGENT_CONFIG_FILE_PATH rather than exporting its
 * values as environment (amazon-ecs-agent HEAD 8dfceca6c), so {@code docker inspect} does not show
 * the password. Every other setting is merged into ecs.config as before.
 *
 * <p>Both files are written as ecs.config is (lock, temp file, fsync, rename, 0600), the JSON file
 * first: if the second write fails, the auth is in both files and nothing is lost. The ecs.config
 * lock is held throughout (and taken first, always), so a concurrent run cannot add auth lines
 * between the check and the write.
 */
public final class JsonTargetUpdater {

  /** What happened to each file. */
  public record Outcomes(Outcome ecsConfig, Outcome json) {}

  private JsonTargetUpdater() {}

  /**
   * Writes the auth of {@code settings} to {@code json} and the rest to {@code ecsConfig}. Auth
   * lines already in ecs.config would override the JSON file, so they are refused (exit 3, by line
   * number) unless {@code moveAuth}: then they are removed, after the JSON file holds the auth (the
   * fragment's, or theirs when the fragment has none).
   */
  public static Outcomes update(
      Path ecsConfig,
      Path json,
      List<Setting> settings,
      boolean moveAuth,
      boolean dryRun,
      Deadline deadline,
      boolean allowSharedFolder) {
    AtomicFiles.requirePrivateFolder(ecsConfig, allowSharedFolder);
    AtomicFiles.requirePrivateFolder(json, allowSharedFolder);
    if (dryRun) {
      Plan plan = Plan.of(ecsConfig, AtomicFiles.readExisting(ecsConfig), settings, moveAuth);
      MergeResult jsonMerge = plan.jsonMerge(json, AtomicFiles.readExisting(json));
      return new Outcomes(
          new Outcome(plan.ecsMerge, Status.DRY_RUN, false),
          new Outcome(jsonMerge, Status.DRY_RUN, false));
    }
    TargetLock held;
    try {
      held = TargetLock.acquire(ecsConfig, deadline);
    } catch (BootstrapException e) {
      if (e.exitCode() == ExitCode.LOCAL_FILE) {
        return unchangedWithoutLock(ecsConfig, json, settings, moveAuth, e);
      }
      throw e;
    }
    try (TargetLock ecsLock = held) {
      AtomicFiles.removeStale(ecsConfig);
      byte[] ecsBytes = AtomicFiles.readExisting(ecsConfig);
      Plan plan = Plan.of(ecsConfig, ecsBytes, settings, moveAuth);
      Outcome jsonOutcome;
      if (plan.auth.isEmpty()) {
        byte[] jsonBytes = AtomicFiles.readExisting(json);
        jsonOutcome = new Outcome(plan.jsonMerge(json, jsonBytes), Status.UNCHANGED, false);
      } else {
        try (TargetLock jsonLock = TargetLock.acquire(json, deadline)) {
          AtomicFiles.removeStale(json);
          byte[] jsonBytes = AtomicFiles.readExisting(json);
          jsonOutcome =
              EcsConfigUpdater.writeIfChanged(json, jsonBytes, plan.jsonMerge(json, jsonBytes));
        }
      }
      return new Outcomes(
          EcsConfigUpdater.writeIfChanged(ecsConfig, ecsBytes, plan.ecsMerge), jsonOutcome);
    }
  }

  /**
   * As EcsConfigUpdater does: where no lock file can be made (a read-only folder), both files
   * already as they should be, at 0600, are truthfully "unchanged"; anything else fails with the
   * lock's error.
   */
  private static Outcomes unchangedWithoutLock(
      Path ecsConfig,
      Path json,
      List<Setting> settings,
      boolean moveAuth,
      BootstrapException lockFailure) {
    byte[] ecsBytes = AtomicFiles.readExisting(ecsConfig);
    Plan plan = Plan.of(ecsConfig, ecsBytes, settings, moveAuth);
    byte[] jsonBytes = AtomicFiles.readExisting(json);
    MergeResult jsonMerge = plan.jsonMerge(json, jsonBytes);
    if (plan.ecsMerge.changed()
        || jsonMerge.changed()
        || !(ecsBytes.length == 0 || AtomicFiles.hasOwnerOnlyMode(ecsConfig))
        || !(plan.auth.isEmpty() || AtomicFiles.hasOwnerOnlyMode(json))) {
      throw lockFailure;
    }
    return new Outcomes(
        new Outcome(plan.ecsMerge, Status.UNCHANGED, false),
        new Outcome(jsonMerge, Status.UNCHANGED, false));
  }

  /** The auth for the JSON file and ecs.config's merge, decided from ecs.config as read. */
  private static final class Plan {
    private final Optional<AuthPair> auth;
    private final MergeResult ecsMerge;

    private Plan(Optional<AuthPair> auth, MergeResult ecsMerge) {
      this.auth = auth;
      this.ecsMerge = ecsMerge;
    }

    static Plan of(Path ecsConfig, byte[] ecsBytes, List<Setting> settings, boolean moveAuth) {
      List<Setting> auth = settings.stream().filter(s -> AuthLines.KEYS.contains(s.key())).toList();
      List<Setting> rest =
          settings.stream().filter(s -> !AuthLines.KEYS.contains(s.key())).toList();
      List<Integer> lines = AuthLines.find(ecsBytes);
      if (!lines.isEmpty()) {
        if (!moveAuth) {
          throw AuthLines.conflict(ecsConfig.toString(), ecsBytes, lines);
        }
        if (auth.isEmpty()) {
          auth = AuthLines.settings(ecsConfig.toString(), ecsBytes);
        }
      }
      Set<String> removed = moveAuth ? AuthLines.KEYS : Set.of();
      return new Plan(pair(auth), EcsConfigMerge.merge(ecsBytes, rest, removed));
    }

    /** The type and data, when the settings have both (the validator requires them together). */
    private static Optional<AuthPair> pair(List<Setting> auth) {
      Optional<Setting> type =
          auth.stream().filter(s -> s.key().equals(EcsKeys.AUTH_TYPE)).findFirst();
      Optional<Setting> data =
          auth.stream().filter(s -> s.key().equals(EcsKeys.AUTH_DATA)).findFirst();
      if (type.isEmpty() && data.isEmpty()) {
        return Optional.empty();
      }
      if (type.isEmpty() || data.isEmpty()) {
        // FragmentValidator refuses one without the other, in each fragment and in ecs.config.
        throw new IllegalStateException("engine auth type and data must come together");
      }
      return Optional.of(new AuthPair(type.get(), data.get()));
    }

    MergeResult jsonMerge(Path json, byte[] existing) {
      if (auth.isEmpty()) {
        return new MergeResult(existing, existing, List.of());
      }
      return JsonConfigMerge.merge(
          json.toString(), existing, auth.get().type().value(), auth.get().data().value());
    }
  }

  /**
   * The engine auth type and data settings. Their values are {@link Secret}s, so this record's
   * {@code toString()} shows no value.
   */
  private record AuthPair(Setting type, Setting data) {}
}
