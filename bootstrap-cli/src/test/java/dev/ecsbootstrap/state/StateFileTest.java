package dev.ecsbootstrap.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.RecordingLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file: what it keeps, how it is written, and that a bad one is no state. */
class StateFileTest {
  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();

  private Path path() {
    return dir.resolve("var/lib/ecs-bootstrap/state.json");
  }

  private StateFile file() {
    return new StateFile(path(), log);
  }

  private Path target() throws IOException {
    Path target = dir.resolve("ecs.config");
    if (!Files.exists(target)) {
      Files.writeString(target, "ECS_CLUSTER=prod\n");
    }
    return target;
  }

  private ApplyState state() throws IOException {
    return ApplyState.recorded(
        List.of("s3://cfg/a.env", "--cluster=prod"),
        Map.of(
            "s3://cfg/a.env",
            new SourceState(Optional.of("\"e1\""), Optional.of("v1")),
            "s3://cfg/b.env",
            new SourceState(Optional.empty(), Optional.empty())),
        List.of(target()),
        true);
  }

  @Test
  void roundTripsEverythingItKeeps() throws IOException {
    ApplyState state = state();

    assertThat(file().save(state)).isTrue();

    assertThat(file().load()).isEqualTo(state);
    assertThat(state.targets()).containsKey(ApplyState.key(target()));
    assertThat(state.targets().get(ApplyState.key(target())).inode())
        .as("Linux has the unix attribute view")
        .isPresent();
  }

  @Test
  void isWrittenAtMode0600InAFolderCreatedAt0700() throws IOException {
    file().save(state());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path().getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void holdsAFormatVersion() throws IOException {
    file().save(state());

    assertThat(Files.readString(path())).contains("\"format\" : 1");
  }

  @Test
  void aMissingFileIsNoStateAndNoWarning() {
    assertThat(file().load()).isEqualTo(ApplyState.NONE);
    assertThat(log.lines()).noneMatch(line -> line.startsWith("WARN"));
  }

  @Test
  void aFileThatIsNotJsonIsNoStateWithAWarningNamingIt() throws IOException {
    Files.createDirectories(path().getParent());
    Files.writeString(path(), "{\"format\": 1, \"pendingRestart\": tr");

    assertThat(file().load()).isEqualTo(ApplyState.NONE);
    assertThat(log.lines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("WARN state file " + path() + " is not valid JSON")
                    .contains("a restart it held pending is lost"));
  }

  @Test
  void anotherFormatVersionIsNoState() throws IOException {
    file().save(state());
    Files.writeString(path(), Files.readString(path()).replace("\"format\" : 1", "\"format\" : 2"));

    assertThat(file().load()).isEqualTo(ApplyState.NONE);
    assertThat(log.lines()).anyMatch(line -> line.contains("is not format version 1"));
  }

  @Test
  void missingFieldsAreNoState() throws IOException {
    Files.createDirectories(path().getParent());
    Files.write(path(), "{\"format\": 1}".getBytes(StandardCharsets.UTF_8));

    assertThat(file().load()).isEqualTo(ApplyState.NONE);
    assertThat(log.lines()).anyMatch(line -> line.startsWith("WARN"));
  }

  @Test
  void anUnwritableFolderIsAWarningNotAFailure() throws IOException {
    Files.writeString(dir.resolve("var"), "a file where the folder should be");

    assertThat(file().save(state())).isFalse();
    assertThat(log.lines()).anyMatch(line -> line.startsWith("WARN cannot write the state file"));
  }

  @Test
  void knownETagsAreOfferedOnlyWhileInputsAndTargetsAreAsLeft() throws IOException {
    ApplyState state = state();
    List<String> inputs = state.mergeInputs();

    assertThat(state.eTagsIfUnchanged(inputs, List.of(target())))
        .containsExactly(Map.entry("s3://cfg/a.env", "\"e1\""));
    assertThat(state.eTagsIfUnchanged(List.of("s3://cfg/a.env"), List.of(target())))
        .as("other inputs (no --cluster)")
        .isEmpty();
    assertThat(state.eTagsIfUnchanged(inputs, List.of(dir.resolve("other.config"))))
        .as("a target it never wrote")
        .isEmpty();
  }

  @Test
  void aTouchedTargetIsNotAsLeft() throws IOException {
    ApplyState state = state();
    Files.setLastModifiedTime(target(), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

    assertThat(state.eTagsIfUnchanged(state.mergeInputs(), List.of(target()))).isEmpty();
  }

  @Test
  void aTargetReplacedWithTheSameSizeAndTimeIsNotAsLeft() throws IOException {
    ApplyState state = state();
    FileTime modified = Files.getLastModifiedTime(target());
    Path copy = dir.resolve("copy");
    Files.copy(target(), copy);
    Files.delete(target());
    Files.move(copy, dir.resolve("ecs.config"));
    Files.setLastModifiedTime(target(), modified);

    assertThat(state.eTagsIfUnchanged(state.mergeInputs(), List.of(target()))).isEmpty();
  }

  @Test
  void keepsNoETagOfAnObjectThatIsNotKmsEncrypted() {
    assertThat(SourceState.of(Optional.of("\"md5\""), Optional.empty(), "AES256").eTag())
        .as("an SSE-S3 ETag is the MD5 of the body, which holds the password")
        .isEmpty();
    assertThat(SourceState.of(Optional.of("\"k\""), Optional.empty(), "aws:kms").eTag())
        .contains("\"k\"");
    assertThat(SourceState.of(Optional.of("\"k\""), Optional.empty(), "aws:kms:dsse").eTag())
        .contains("\"k\"");
  }
}
