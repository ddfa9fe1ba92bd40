package dev.ecsbootstrap.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Log;
import dev.ecsbootstrap.ecsconfig.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads and writes {@link ApplyState} as JSON, written as ecs.config is (same-folder temp file at
 * 0600, fsync, atomic rename), in a folder created at 0700.
 *
 * <p>The state is an optimisation: a missing file, one that is not JSON, or one of another format
 * version reads as no state (every source is fetched, the merge decides), with a warning naming the
 * path, and never fails the run. The one thing such a file loses is a pending restart: the next run
 * restarts the agent only if the file changes again.
 */
public final class StateFile {
  public static final Path DEFAULT = Path.of("/var/lib/ecs-bootstrap/state.json");

  /** Bumped on any change a reader of the previous version would misread. */
  static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final Log log;

  public StateFile(Path path, Log log) {
    this.path = path;
    this.log = log;
  }

  public Path path() {
    return path;
  }

  /** The state the last run saved, or {@link ApplyState#NONE}. */
  public ApplyState load() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      log.info("no state file at " + path + " yet: every source is fetched");
      return ApplyState.NONE;
    } catch (IOException e) {
      return none("cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root == null || root.path("format").asInt(-1) != FORMAT) {
        return none("is not format version " + FORMAT);
      }
      return parse(root);
    } catch (JsonProcessingException e) {
      // Jackson's message may quote the file; the location is enough.
      return none(
          "is not valid JSON"
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")"));
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      return none("does not hold the fields of format version " + FORMAT);
    }
  }

  private ApplyState none(String why) {
    log.warn(
        "state file "
            + path
            + " "
            + why
            + "; ignoring it: every source is fetched, and a restart it held pending is lost");
    return ApplyState.NONE;
  }

  /**
   * Writes {@code state}; returns false, with a warning, when it could not (the run goes on: the
   * next one fetches everything).
   */
  public boolean save(ApplyState state) {
    try {
      Path folder = path.toAbsolutePath().getParent();
      if (!Files.isDirectory(folder)) {
        Files.createDirectories(
            folder,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      AtomicFiles.replace(
          path, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree(state)));
      return true;
    } catch (IOException | BootstrapException e) {
      log.warn(
          "cannot write the state file "
              + path
              + " ("
              + (e instanceof BootstrapException ? e.getMessage() : e.getClass().getSimpleName())
              + "); the next run fetches every source");
      return false;
    }
  }

  static ObjectNode tree(ApplyState state) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("pendingRestart", state.pendingRestart());
    ArrayNode inputs = root.putArray("mergeInputs");
    state.mergeInputs().forEach(inputs::add);
    ObjectNode sources = root.putObject("sources");
    new TreeMap<>(state.sources())
        .forEach(
            (uri, source) -> {
              ObjectNode node = sources.putObject(uri);
              source.eTag().ifPresent(eTag -> node.put("eTag", eTag));
              source.versionId().ifPresent(version -> node.put("versionId", version));
            });
    ObjectNode targets = root.putObject("targets");
    new TreeMap<>(state.targets())
        .forEach(
            (file, target) -> {
              ObjectNode node = targets.putObject(file);
              node.put("size", target.size());
              node.put("modified", target.modified().toString());
              target.inode().ifPresent(inode -> node.put("inode", inode));
            });
    return root;
  }

  private static ApplyState parse(JsonNode root) {
    List<String> inputs = new ArrayList<>();
    required(root, "mergeInputs").forEach(input -> inputs.add(text(input)));
    Map<String, SourceState> sources = new LinkedHashMap<>();
    required(root, "sources")
        .fields()
        .forEachRemaining(
            field ->
                sources.put(
                    field.getKey(),
                    new SourceState(
                        optionalText(field.getValue(), "eTag"),
                        optionalText(field.getValue(), "versionId"))));
    Map<String, TargetState> targets = new LinkedHashMap<>();
    required(root, "targets")
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode node = field.getValue();
              JsonNode inode = node.path("inode");
              targets.put(
                  field.getKey(),
                  new TargetState(
                      required(node, "size").asLong(),
                      Instant.parse(text(required(node, "modified"))),
                      inode.isIntegralNumber() ? Optional.of(inode.asLong()) : Optional.empty()));
            });
    JsonNode pending = required(root, "pendingRestart");
    if (!pending.isBoolean()) {
      throw new IllegalArgumentException("pendingRestart");
    }
    return new ApplyState(inputs, sources, targets, pending.asBoolean());
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(field);
    }
    return value;
  }

  private static String text(JsonNode node) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException("text");
    }
    return node.asText();
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(text(value));
  }
}
