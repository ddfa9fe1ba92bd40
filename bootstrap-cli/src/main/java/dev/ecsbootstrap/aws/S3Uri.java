package dev.ecsbootstrap.aws;

import dev.ecsbootstrap.BootstrapException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code s3://BUCKET/KEY}, optionally {@code ?versionId=ID} to pin one version. A text that is not
 * one is never quoted in a message: it may be a secret typed into the wrong argument.
 */
public record S3Uri(String bucket, String key, Optional<String> versionId) {
  private static final String SCHEME = "s3://";
  private static final String VERSION_QUERY = "?versionId=";
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public S3Uri {
    if (!BUCKET.matcher(bucket).matches()) {
      throw BootstrapException.usage(
          "an S3 URI's bucket is not a valid S3 bucket name (3 to 63 of a-z, 0-9, '.', '-';"
              + " the text is not shown)");
    }
    if (key.isEmpty()) {
      throw BootstrapException.usage("s3://" + bucket + "/ names no object key");
    }
    versionId.ifPresent(
        version -> {
          if (version.isEmpty()) {
            throw BootstrapException.usage("empty versionId in s3://" + bucket + "/" + key);
          }
        });
  }

  public static S3Uri parse(String text) {
    if (!text.startsWith(SCHEME)) {
      throw BootstrapException.usage(
          "an argument is not an s3://BUCKET/KEY URI (the text is not shown)");
    }
    String rest = text.substring(SCHEME.length());
    Optional<String> versionId = Optional.empty();
    int query = rest.lastIndexOf(VERSION_QUERY);
    if (query >= 0) {
      versionId = Optional.of(rest.substring(query + VERSION_QUERY.length()));
      rest = rest.substring(0, query);
    }
    int slash = rest.indexOf('/');
    if (slash < 0) {
      throw BootstrapException.usage(
          "an S3 URI names no object key (the text is not shown): use s3://BUCKET/KEY");
    }
    return new S3Uri(rest.substring(0, slash), rest.substring(slash + 1), versionId);
  }

  @Override
  public String toString() {
    return SCHEME
        + bucket
        + "/"
        + key
        + versionId.map(version -> VERSION_QUERY + version).orElse("");
  }
}
