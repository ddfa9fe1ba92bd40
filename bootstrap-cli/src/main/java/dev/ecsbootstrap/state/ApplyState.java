package dev.ecsbootstrap.state;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What apply remembers between runs: no secret, and no hash of one (see {@link SourceState}).
 *
 * @param mergeInputs everything besides the objects' content that decides the merged file (source
 *     URIs in order, --cluster, the object policy flags): a run with other inputs fetches
 *     everything
 * @param sources per source S3 URI, its last ETag and version
 * @param targets per file apply wrote (absolute path), the file as apply left it: ecs.config, and
 *     any other file a run writes
 * @param pendingRestart the file changed but the agent was not restarted yet (a restart refused or
 *     failed): the next {@code apply --restart-agent} performs it even if nothing changed
 */
public record ApplyState(
    List<String> mergeInputs,
    Map<String, SourceState> sources,
    Map<String, TargetState> targets,
    boolean pendingRestart) {

  /** No state: every source is fetched without a condition. */
  public static final ApplyState NONE = new ApplyState(List.of(), Map.of(), Map.of(), false);

  public ApplyState {
    mergeInputs = List.copyOf(mergeInputs);
    sources = Map.copyOf(sources);
    targets = Map.copyOf(targets);
  }

  /**
   * The ETags to send as If-None-Match, by source URI: all known ones when the run has the same
   * inputs and every one of {@code files} is as apply left it; none otherwise (something changed,
   * so every source is fetched).
   */
  public Map<String, String> eTagsIfUnchanged(List<String> inputs, List<Path> files) {
    boolean filesAsLeft =
        files.stream()
            .allMatch(
                file ->
                    Optional.ofNullable(targets.get(key(file)))
                        .map(target -> target.matches(file))
                        .orElse(false));
    if (!inputs.equals(mergeInputs) || !filesAsLeft) {
      return Map.of();
    }
    Map<String, String> eTags = new LinkedHashMap<>();
    sources.forEach((uri, source) -> source.eTag().ifPresent(eTag -> eTags.put(uri, eTag)));
    return eTags;
  }

  /** The state after a run that read {@code sources} and left {@code files} as they are now. */
  public static ApplyState recorded(
      List<String> inputs,
      Map<String, SourceState> sources,
      List<Path> files,
      boolean pendingRestart) {
    Map<String, TargetState> targets = new LinkedHashMap<>();
    for (Path file : files) {
      TargetState.of(file).ifPresent(target -> targets.put(key(file), target));
    }
    return new ApplyState(inputs, sources, targets, pendingRestart);
  }

  public ApplyState withPendingRestart(boolean pending) {
    return new ApplyState(mergeInputs, sources, targets, pending);
  }

  /** How {@link #targets} names a file. */
  public static String key(Path file) {
    return file.toAbsolutePath().normalize().toString();
  }
}
