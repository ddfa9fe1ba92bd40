package dev.ecsbootstrap.publish;

import dev.ecsbootstrap.JsonText;
import dev.ecsbootstrap.aws.KmsKeyIds;
import java.util.List;
import java.util.Optional;

/** What one {@code publish} did; {@code uploaded} is empty for a dry run. */
public record PublishResult(
    PublishRequest request, PreparedFragment prepared, Optional<Uploaded> uploaded) {

  /** The result lines for stdout: the redacted fragment of a dry run, else the user-data line. */
  public List<String> resultLines() {
    return uploaded.isEmpty() ? prepared.redacted().lines().toList() : List.of(applyLine());
  }

  /** The user-data command; names the key only when apply can check it (not an alias). */
  public String applyLine() {
    Optional<String> checkableKey = request.kmsKeyId().filter(key -> !KmsKeyIds.isAlias(key));
    return "java -jar ecs-bootstrap.jar apply "
        + request.to()
        + checkableKey.map(key -> " --kms-key-id " + key).orElse("");
  }

  String summary() {
    Uploaded done = uploaded.orElseThrow();
    return "uploaded "
        + request.to()
        + done.versionId().map(version -> " (version " + version + ")").orElse("")
        + ", ETag "
        + done.etag()
        + ", SSE-KMS"
        + done.kmsKeyId().map(key -> " " + key).orElse("")
        + "; "
        + prepared.format()
        + " for "
        + String.join(", ", prepared.registries());
  }

  /** The one object {@code --json} prints; never a credential. */
  public String toJson() {
    return JsonText.object(
        json -> {
          json.writeStringField("status", uploaded.isPresent() ? "uploaded" : "dry-run");
          json.writeStringField("uri", request.to().toString());
          json.writeStringField("versionId", uploaded.flatMap(Uploaded::versionId).orElse(null));
          json.writeStringField("etag", uploaded.map(Uploaded::etag).orElse(null));
          json.writeStringField("format", prepared.format());
          JsonText.strings(json, "registries", prepared.registries());
          json.writeStringField("applyCommand", uploaded.isPresent() ? applyLine() : null);
        });
  }
}
