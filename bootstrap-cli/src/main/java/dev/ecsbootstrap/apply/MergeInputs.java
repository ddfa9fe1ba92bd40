package dev.ecsbootstrap.apply;

import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.source.FetchedObject;
import dev.ecsbootstrap.state.SourceState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What, besides the objects' content, decides the merged file and the checks on the way: a run
 * whose inputs differ from the last run's fetches every source, so a new --cluster or --kms-key-id
 * is never skipped by a 304. Flags and URIs only: no value from a fragment.
 */
final class MergeInputs {
  private MergeInputs() {}

  static List<String> of(ApplyRequest request) {
    List<String> inputs = new ArrayList<>();
    request.sources().stream().map(S3Uri::toString).forEach(inputs::add);
    request.cluster().ifPresent(cluster -> inputs.add("--cluster=" + cluster));
    request.kmsKeyId().ifPresent(key -> inputs.add("--kms-key-id=" + key));
    request
        .expectedBucketOwner()
        .ifPresent(owner -> inputs.add("--expected-bucket-owner=" + owner));
    if (request.allowUnencrypted()) {
      inputs.add("--allow-unencrypted");
    }
    // A run that moves the auth to the JSON file must merge, even when no source changed.
    if (request.authTarget().json()) {
      inputs.add("--target=json");
    }
    if (request.authTarget().moveAuth()) {
      inputs.add("--move-auth");
    }
    return inputs;
  }

  /** What the state keeps of each fetched object, by URI. */
  static Map<String, SourceState> sourceStates(List<FetchedObject> fetched) {
    Map<String, SourceState> sources = new LinkedHashMap<>();
    for (FetchedObject object : fetched) {
      sources.put(
          object.uri().toString(),
          SourceState.of(object.eTag(), object.versionId(), object.encryption()));
    }
    return sources;
  }
}
