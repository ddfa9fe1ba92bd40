package dev.ecsbootstrap.apply;

import dev.ecsbootstrap.JsonText;
import dev.ecsbootstrap.ecsconfig.EcsConfigUpdater;
import dev.ecsbootstrap.ecsconfig.KeyChange;
import dev.ecsbootstrap.fragment.Fragment;
import dev.ecsbootstrap.redact.RedactedDiff;
import dev.ecsbootstrap.source.FetchedObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one {@code apply} did, in the forms it is reported: a summary, a redacted diff, JSON.
 *
 * @param sources how each source was read (fetched, or 304 Not Modified)
 * @param agent whether the agent was restarted, and whether a restart is still pending
 */
public record ApplyResult(
    Path ecsConfig,
    EcsConfigUpdater.Outcome outcome,
    Fragment fragment,
    List<FetchedObject> fetched,
    List<SourceFetch> sources,
    AgentOutcome agent) {

  public ApplyResult {
    fetched = List.copyOf(fetched);
    sources = List.copyOf(sources);
  }

  /** A run that fetched every source and did nothing about the agent. */
  public ApplyResult(
      Path ecsConfig,
      EcsConfigUpdater.Outcome outcome,
      Fragment fragment,
      List<FetchedObject> fetched) {
    this(
        ecsConfig,
        outcome,
        fragment,
        fetched,
        fetched.stream()
            .map(
                object ->
                    new SourceFetch(object.uri(), SourceFetch.Status.FETCHED, Optional.of(object)))
            .toList(),
        AgentOutcome.NOT_REQUESTED);
  }

  /** {@code /etc/ecs/ecs.config: changed (ECS_ENGINE_AUTH_TYPE added, …)}. */
  public String summary() {
    String changes =
        String.join(
            ", ",
            outcome.merge().changes().stream()
                .map(change -> change.key() + " " + change.kind().label())
                .toList());
    String status = outcome.status().label() + (outcome.modeFixed() ? " (mode set to 0600)" : "");
    return ecsConfig + ": " + status + (changes.isEmpty() ? "" : " (" + changes + ")");
  }

  /** The change as a unified diff in which every value is redacted. */
  public List<String> redactedDiff() {
    return RedactedDiff.render(ecsConfig.toString(), outcome.merge());
  }

  /** The one object {@code --json} prints: where from, what changed, which registries; no value. */
  public String toJson() {
    return JsonText.object(
        json -> {
          json.writeStringField("status", outcome.status().label());
          json.writeStringField("ecsConfig", ecsConfig.toString());
          json.writeBooleanField("modeFixed", outcome.modeFixed());
          json.writeArrayFieldStart("sources");
          for (FetchedObject object : fetched) {
            json.writeStartObject();
            json.writeStringField("uri", object.uri().toString());
            json.writeStringField("versionId", object.versionId().orElse(null));
            json.writeStringField("encryption", object.encryption());
            json.writeStringField("kmsKeyId", object.kmsKeyId().orElse(null));
            json.writeNumberField("bytes", object.size());
            json.writeEndObject();
          }
          json.writeEndArray();
          // Per source: fetched, changed, fetched-again, or not-modified (304, body not sent).
          json.writeArrayFieldStart("sourceStatus");
          for (SourceFetch source : sources) {
            json.writeStartObject();
            json.writeStringField("uri", source.uri().toString());
            json.writeStringField("status", source.status().label());
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeStringField("agentRestart", agent.restart().label());
          json.writeBooleanField("restartPending", agent.pending());
          json.writeObjectFieldStart("keys");
          for (KeyChange.Kind kind : KeyChange.Kind.values()) {
            JsonText.strings(json, kind.label(), outcome.merge().keys(kind));
          }
          json.writeEndObject();
          JsonText.strings(json, "registries", fragment.registries());
          JsonText.strings(
              json,
              "warnings",
              fragment.warnings().stream()
                  .map(problem -> problem.render(fragment.source()))
                  .toList());
        });
  }
}
