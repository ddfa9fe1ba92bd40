package dev.ecsbootstrap.ecsconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.fragment.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path directory;

  private static final List<Setting> SETTINGS =
      List.of(new Setting("ECS_CLUSTER", Secret.of("prod"), 1));

  @Test
  void createsMissingFoldersAndWritesMode0600() throws IOException {
    Path target = directory.resolve("etc/ecs/ecs.config");

    AtomicFiles.replace(target, "A=b\n".getBytes(StandardCharsets.UTF_8));

    assertThat(target).hasContent("A=b");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-------");
  }

  @Test
  void leavesNoTempFileBehind() throws IOException {
    Path target = directory.resolve("ecs.config");

    AtomicFiles.replace(target, new byte[] {'x'});
    AtomicFiles.replace(target, new byte[] {'y'});

    try (var files = Files.list(directory)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void refusesToReplaceASymlink() throws IOException {
    Path real = Files.writeString(directory.resolve("real"), "ECS_CLUSTER=keep\n");
    Path link = Files.createSymbolicLink(directory.resolve("ecs.config"), real);

    assertThatThrownBy(() -> EcsConfigUpdater.update(link, SETTINGS, false))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_FILE))
        .hasMessageContaining("symbolic link");
    assertThat(real).hasContent("ECS_CLUSTER=keep");
  }

  @Test
  void refusesASymlinkBeforeWritingAnythingNextToIt() throws IOException {
    Path real = Files.writeString(directory.resolve("real"), "ECS_CLUSTER=keep\n");
    Path link = Files.createSymbolicLink(directory.resolve("ecs.config"), real);
    // Any temp file created and removed would move the folder's mtime.
    FileTime untouched = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(directory, untouched);

    assertThatThrownBy(() -> AtomicFiles.replace(link, new byte[] {'x'}))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_FILE))
        .hasMessage(link + " is a symbolic link; refusing to replace it");
    assertThat(Files.getLastModifiedTime(directory)).isEqualTo(untouched);
    assertThat(real).hasContent("ECS_CLUSTER=keep");
  }

  @Test
  void refusesASymlinkPlantedWhileTheTempFileIsWritten() throws IOException {
    Path real = Files.writeString(directory.resolve("real"), "ECS_CLUSTER=keep\n");
    Path target = directory.resolve("ecs.config");

    assertThatThrownBy(
            () ->
                AtomicFiles.replace(
                    target,
                    new byte[] {'x'},
                    () -> {
                      try {
                        Files.createSymbolicLink(target, real);
                      } catch (IOException e) {
                        throw new AssertionError(e);
                      }
                    }))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_FILE))
        .hasMessage(target + " is a symbolic link; refusing to replace it");
    assertThat(target).isSymbolicLink();
    assertThat(real).hasContent("ECS_CLUSTER=keep");
    try (var files = Files.list(directory)) {
      assertThat(files).as("no temp file left").containsExactlyInAnyOrder(real, target);
    }
  }

  @Test
  void writesThroughTheDescriptorThatCreatedTheTempFileNeverThroughALinkPlantedInItsPlace()
      throws IOException {
    // The attack of issue 11: in a folder another user can write, the temp file is swapped for a
    // symlink to a file only root may write, between its creation and its write.
    Path victim = Files.writeString(directory.resolve("root-only"), "untouched\n");
    Path target = Files.writeString(directory.resolve("ecs.config"), "ECS_CLUSTER=old\n");

    try {
      AtomicFiles.replace(
          target,
          "ECS_CLUSTER=new\n".getBytes(StandardCharsets.UTF_8),
          temp -> {
            try {
              Files.delete(temp);
              Files.createSymbolicLink(temp, victim);
            } catch (IOException e) {
              throw new AssertionError(e);
            }
          },
          () -> {});
    } catch (BootstrapException e) {
      assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_FILE);
    }

    assertThat(victim).hasContent("untouched");
    assertThat(target).isRegularFile().isNot(symbolicLink());
    assertThat(Files.readString(target)).isIn("ECS_CLUSTER=old\n", "ECS_CLUSTER=new\n");
    try (var files = Files.list(directory)) {
      assertThat(files).as("no temp file or link left").containsExactlyInAnyOrder(victim, target);
    }
  }

  @Test
  void refusesAFolderItsGroupCanWriteAndWritesNothing() throws IOException {
    assertSharedFolderRefused("rwxrwx---");
  }

  @Test
  void refusesAFolderEveryoneCanWriteAndWritesNothing() throws IOException {
    assertSharedFolderRefused("rwxrwxrwx");
  }

  private void assertSharedFolderRefused(String folderMode) throws IOException {
    Path shared = Files.createDirectory(directory.resolve("shared"));
    Path target = Files.writeString(shared.resolve("ecs.config"), "ECS_CLUSTER=keep\n");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString(folderMode));

    assertThatThrownBy(() -> EcsConfigUpdater.update(target, SETTINGS, false))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_FILE))
        .hasMessageContaining(shared.toString())
        .hasMessageContaining("--allow-shared-folder")
        .hasMessageNotContaining("prod");
    assertThat(target).hasContent("ECS_CLUSTER=keep");
    try (var files = Files.list(shared)) {
      assertThat(files).containsExactly(target);
    }
  }

  private static Condition<Path> symbolicLink() {
    return new Condition<>(Files::isSymbolicLink, "a symbolic link");
  }

  @Test
  void namesTheCauseOfAFailedRenameAndRemovesTheTempFile() throws IOException {
    Path target = Files.createDirectory(directory.resolve("ecs.config"));
    Files.writeString(target.resolve("inside"), "x");

    assertThatThrownBy(() -> AtomicFiles.replace(target, new byte[] {'x'}))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_FILE))
        .hasMessageMatching(
            "cannot write \\Q"
                + target
                + "\\E: FileSystemException \\(.*\\.tmp -> \\Q"
                + target
                + "\\E: Is a directory\\)");
    try (var files = Files.list(directory)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void mapsAnUnwritableFolderToLocalFileAndKeepsTheOriginal() throws IOException {
    Path blocker = Files.writeString(directory.resolve("etc"), "a file where a folder should be");

    assertThatThrownBy(
            () -> AtomicFiles.replace(blocker.resolve("ecs/ecs.config"), new byte[] {'x'}))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_FILE));
    assertThat(blocker).hasContent("a file where a folder should be");
  }

  @Test
  void refusesADirectoryAsTheTarget() throws IOException {
    Path target = Files.createDirectory(directory.resolve("ecs.config"));

    assertThatThrownBy(() -> AtomicFiles.readExisting(target))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_FILE));
  }

  @Test
  void readsAFileOfExactlyTheLimit() throws IOException {
    Path target =
        Files.write(directory.resolve("ecs.config"), new byte[(int) AtomicFiles.MAX_BYTES]);

    assertThat(AtomicFiles.readExisting(target)).hasSize((int) AtomicFiles.MAX_BYTES);
  }

  @Test
  void refusesAFileOneByteOverTheLimit() throws IOException {
    Path target =
        Files.write(directory.resolve("ecs.config"), new byte[(int) AtomicFiles.MAX_BYTES + 1]);

    assertThatThrownBy(() -> AtomicFiles.readExisting(target))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_FILE);
              assertThat(e.getMessage()).contains("larger than");
            });
  }

  @Test
  void aMissingFileReadsAsEmpty() {
    assertThat(AtomicFiles.readExisting(directory.resolve("ecs.config"))).isEmpty();
  }
}
