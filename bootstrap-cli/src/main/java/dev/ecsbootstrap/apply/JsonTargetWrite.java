package dev.ecsbootstrap.apply;

import dev.ecsbootstrap.aws.Deadline;
import dev.ecsbootstrap.ecsconfig.JsonTargetUpdater;
import dev.ecsbootstrap.fragment.Fragment;
import dev.ecsbootstrap.source.FetchedObject;
import java.util.List;
import java.util.Optional;

/**
 * Apply's write step for {@code --target json}: the auth to the JSON file, the rest to ecs.config.
 */
final class JsonTargetWrite {
  private JsonTargetWrite() {}

  static ApplyResult write(
      ApplyRequest request, Fragment combined, List<FetchedObject> fetched, Deadline deadline) {
    AuthTarget target = request.authTarget();
    JsonTargetUpdater.Outcomes outcomes =
        JsonTargetUpdater.update(
            request.ecsConfig(),
            target.ecsConfigJson(),
            combined.settings(),
            target.moveAuth(),
            request.dryRun(),
            deadline,
            request.allowSharedFolder());
    return new ApplyResult(
        request.ecsConfig(),
        outcomes.ecsConfig(),
        combined,
        fetched,
        Optional.of(new ApplyResult.JsonConfig(target.ecsConfigJson(), outcomes.json())));
  }
}
