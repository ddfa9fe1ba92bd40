package dev.ecsbootstrap.apply;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecsbootstrap.JsonText;
import dev.ecsbootstrap.ecsconfig.EcsConfigUpdater;
import dev.ecsbootstrap.ecsconfig.KeyChange;
import dev.ecsbootstrap.fragment.Fragment;
import dev.ecsbootstrap.redact.RedactedDiff;
import dev.ecsbootstrap.source.FetchedObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What one {@code apply} did, in the forms it is reported: a summary, a redacted diff, JSON. */
public record ApplyResult(
    Path ecsConfig,
    EcsConfigUpdater.Outcome outcome,
    Fragment fragment,
    List<FetchedObject> fetched,
    Optional<JsonConfig> jsonConfig,
    List<SourceFetch> sources,
    AgentOutcome agent) {

  /** The agent's JSON config file ({@code --target json}) and what happened to it. */
  public record JsonConfig(Path path, EcsConfigUpdater.Outcome outcome) {}

  public ApplyResult {
    fetched = List.copyOf(fetched);
    sources = List.copyOf(sources);
  }

  /** A result of the default target: the auth went to ecs.config, no JSON file was touched. */
  public ApplyResult(
      Path ecsConfig,
      EcsConfigUpdater.Outcome outcome,
      Fragment fragment,
      List<FetchedObject> fetched) {
    this(ecsConfig, outcome, fragment, fetched, Optional.empty());
  }

  /** A run that fetched every source and did nothing about the agent. */
  public ApplyResult(
      Path ecsConfig,
      EcsConfigUpdater.Outcome outcome,
      Fragment fragment,
      List<FetchedObject> fetched,
      Optional<JsonConfig> jsonConfig) {
    this(
        ecsConfig,
        outcome,
        fragment,
        fetched,
        jsonConfig,
        fetched.stream()
            .map(
                object ->
                    new SourceFetch(object.uri(), SourceFetch.Status.FETCHED, Optional.of(object)))
            .toList(),
        AgentOutcome.NOT_REQUESTED);
  }

  /** This result with how each source was fetched and what was done about the agent. */
  ApplyResult with(List<SourceFetch> sources, AgentOutcome agent) {
    return new ApplyResult(ecsConfig, outcome, fragment, fetched, jsonConfig, sources, agent);
  }

  /** Whether this run changed a file the agent reads (ecs.config, or the JSON config file). */
  boolean changedAFile() {
    return outcome.status() == EcsConfigUpdater.Status.CHANGED
        || jsonConfig
            .filter(json -> json.outcome().status() == EcsConfigUpdater.Status.CHANGED)
            .isPresent();
  }

  /**
   * {@code /etc/ecs/ecs.config: changed (ECS_ENGINE_AUTH_TYPE added, …)}, and {@code ;
   * /etc/ecs/ecs.config.json: …} after it with {@code --target json}.
   */
  public String summary() {
    return summary(ecsConfig, outcome)
        + jsonConfig.map(json -> "; " + summary(json.path(), json.outcome())).orElse("");
  }

  private static String summary(Path path, EcsConfigUpdater.Outcome outcome) {
    String changes =
        String.join(
            ", ",
            outcome.merge().changes().stream()
                .map(change -> change.key() + " " + change.kind().label())
                .toList());
    String status = outcome.status().label() + (outcome.modeFixed() ? " (mode set to 0600)" : "");
    return path + ": " + status + (changes.isEmpty() ? "" : " (" + changes + ")");
  }

  /**
   * The change as a unified diff in which every value is redacted; for the JSON file, a summary of
   * its changed fields (its values span lines a line diff could not redact safely).
   */
  public List<String> redactedDiff() {
    List<String> diff = new ArrayList<>(RedactedDiff.render(ecsConfig.toString(), outcome.merge()));
    jsonConfig.ifPresent(
        json ->
            diff.addAll(RedactedDiff.renderFields(json.path().toString(), json.outcome().merge())));
    return diff;
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
          keys(json, outcome);
          if (jsonConfig.isPresent()) {
            EcsConfigUpdater.Outcome jsonOutcome = jsonConfig.get().outcome();
            json.writeObjectFieldStart("ecsConfigJson");
            json.writeStringField("path", jsonConfig.get().path().toString());
            json.writeStringField("status", jsonOutcome.status().label());
            json.writeBooleanField("modeFixed", jsonOutcome.modeFixed());
            keys(json, jsonOutcome);
            json.writeEndObject();
          }
          JsonText.strings(json, "registries", fragment.registries());
          JsonText.strings(
              json,
              "warnings",
              fragment.warnings().stream()
                  .map(problem -> problem.render(fragment.source()))
                  .toList());
        });
  }

  private static void keys(JsonGenerator json, EcsConfigUpdater.Outcome outcome)
      throws IOException {
    json.writeObjectFieldStart("keys");
    for (KeyChange.Kind kind : KeyChange.Kind.values()) {
      // "removed" only where --move-auth removed lines: the default report stays as it was.
      if (kind != KeyChange.Kind.REMOVED || !outcome.merge().keys(kind).isEmpty()) {
        JsonText.strings(json, kind.label(), outcome.merge().keys(kind));
      }
    }
    json.writeEndObject();
  }
}
