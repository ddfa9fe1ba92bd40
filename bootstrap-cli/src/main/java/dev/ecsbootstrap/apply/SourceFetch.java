package dev.ecsbootstrap.apply;

import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.source.FetchedObject;
import java.util.Locale;
import java.util.Optional;

/**
 * One source in one run: the object, unless S3 answered 304 Not Modified and nothing else changed.
 */
public record SourceFetch(S3Uri uri, Status status, Optional<FetchedObject> object) {

  /** How the source was read, for the journal and --json. */
  public enum Status {
    /** Fetched without a condition (no ETag known, or something else changed). */
    FETCHED,
    /** Fetched because its ETag changed since the last run. */
    CHANGED,
    /** 304 at first, fetched again because another source or a target changed. */
    FETCHED_AGAIN,
    /** 304 Not Modified: the body was not sent. */
    NOT_MODIFIED;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}
