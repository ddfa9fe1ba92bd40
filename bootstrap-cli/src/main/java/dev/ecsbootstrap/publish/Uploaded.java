package dev.ecsbootstrap.publish;

import java.util.Optional;

/** What S3 answered to an upload. */
public record Uploaded(Optional<String> versionId, String etag, Optional<String> kmsKeyId) {}
