package dev.ecsbootstrap.apply;

import dev.ecsbootstrap.Log;
import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.source.FetchedObject;
import dev.ecsbootstrap.source.ObjectPolicy;
import dev.ecsbootstrap.source.S3FragmentSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches the sources, sending If-None-Match with each known ETag. Either every source answers 304
 * (nothing to merge), or every source is fetched: a merge needs all fragments, so those that
 * answered 304 before one changed are fetched again without the condition.
 */
final class ConditionalFetch {
  private final S3FragmentSource source;
  private final ObjectPolicy policy;
  private final Log log;

  ConditionalFetch(S3FragmentSource source, ObjectPolicy policy, Log log) {
    this.source = source;
    this.policy = policy;
    this.log = log;
  }

  /**
   * @param eTags by source URI; a source without one, as with no state, is fetched unconditionally
   *     and so are all the others
   */
  List<SourceFetch> fetch(List<S3Uri> uris, Map<String, String> eTags) {
    boolean fetchAll = !uris.stream().allMatch(uri -> eTags.containsKey(uri.toString()));
    List<SourceFetch> fetches = new ArrayList<>();
    for (S3Uri uri : uris) {
      if (fetchAll) {
        fetches.add(fetched(uri, SourceFetch.Status.FETCHED, source.fetch(uri, policy)));
        continue;
      }
      Optional<FetchedObject> object =
          source.fetchIfNoneMatch(uri, policy, Optional.of(eTags.get(uri.toString())));
      if (object.isPresent()) {
        fetchAll = true;
        fetches.add(fetched(uri, SourceFetch.Status.CHANGED, object.get()));
      } else {
        log.debug("not modified since the last run: " + uri);
        fetches.add(new SourceFetch(uri, SourceFetch.Status.NOT_MODIFIED, Optional.empty()));
      }
    }
    if (!fetchAll) {
      return fetches;
    }
    List<SourceFetch> all = new ArrayList<>();
    for (SourceFetch fetch : fetches) {
      all.add(
          fetch.object().isPresent()
              ? fetch
              : fetched(
                  fetch.uri(),
                  SourceFetch.Status.FETCHED_AGAIN,
                  source.fetch(fetch.uri(), policy)));
    }
    return all;
  }

  private SourceFetch fetched(S3Uri uri, SourceFetch.Status status, FetchedObject object) {
    log.info("fetched " + uri + " (" + object.describe() + ")");
    return new SourceFetch(uri, status, Optional.of(object));
  }

  /** Whether nothing was fetched: every source answered 304. */
  static boolean noneFetched(List<SourceFetch> fetches) {
    return fetches.stream().allMatch(fetch -> fetch.object().isEmpty());
  }
}
