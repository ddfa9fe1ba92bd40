package dev.ecsbootstrap.ecsconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.fragment.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EcsConfigUpdaterTest {
  @TempDir Path directory;

  private static final List<Setting> SETTINGS =
      List.of(new Setting("ECS_CLUSTER", Secret.of("prod"), 1));

  @Test
  void aChangedFileIsWrittenWithTheMergedContentAtMode0600() throws IOException {
    Path target = existingEcsConfig("ECS_LOGLEVEL=info\n", "rw-r--r--");

    EcsConfigUpdater.Outcome outcome = EcsConfigUpdater.update(target, SETTINGS, false);

    assertThat(outcome.status()).isEqualTo(EcsConfigUpdater.Status.CHANGED);
    assertThat(Files.readAllBytes(target)).isEqualTo(outcome.merge().content());
    assertThat(Files.readString(target, StandardCharsets.UTF_8))
        .isEqualTo("ECS_LOGLEVEL=info\nECS_CLUSTER=prod\n");
    assertThat(mode(target)).isEqualTo("rw-------");
  }

  @Test
  void unchangedContentIsNotRewrittenButItsModeIsTightened() throws IOException {
    Path target = existingEcsConfig("ECS_CLUSTER=prod\n", "rw-r--r--");
    Object inode = Files.readAttributes(target, "unix:ino").get("ino");

    EcsConfigUpdater.Outcome outcome = EcsConfigUpdater.update(target, SETTINGS, false);

    assertThat(outcome.status()).isEqualTo(EcsConfigUpdater.Status.UNCHANGED);
    assertThat(outcome.modeFixed()).isTrue();
    assertThat(Files.readAttributes(target, "unix:ino").get("ino")).isEqualTo(inode);
    assertThat(mode(target)).isEqualTo("rw-------");
  }

  @Test
  void dryRunWritesNothing() throws IOException {
    Path target = directory.resolve("ecs.config");

    EcsConfigUpdater.Outcome outcome = EcsConfigUpdater.update(target, SETTINGS, true);

    assertThat(outcome.status()).isEqualTo(EcsConfigUpdater.Status.DRY_RUN);
    assertThat(outcome.merge().changed()).isTrue();
    assertThat(target).doesNotExist();
  }

  @Test
  void anUnchangedFileAlreadyAt0600IsLeftAlone() throws IOException {
    Path target = existingEcsConfig("ECS_CLUSTER=prod\n", "rw-------");

    EcsConfigUpdater.Outcome outcome = EcsConfigUpdater.update(target, SETTINGS, false);

    assertThat(outcome.status()).isEqualTo(EcsConfigUpdater.Status.UNCHANGED);
    assertThat(outcome.modeFixed()).isFalse();
  }

  @Test
  void nothingToMergeIntoAMissingFileCreatesNothing() {
    Path target = directory.resolve("ecs.config");

    EcsConfigUpdater.Outcome outcome = EcsConfigUpdater.update(target, List.of(), false);

    assertThat(outcome.status()).isEqualTo(EcsConfigUpdater.Status.UNCHANGED);
    assertThat(outcome.modeFixed()).isFalse();
    assertThat(target).doesNotExist();
  }

  @Test
  void labelsAreLowerCaseWithHyphens() {
    assertThat(EcsConfigUpdater.Status.DRY_RUN.label()).isEqualTo("dry-run");
    assertThat(EcsConfigUpdater.Status.CHANGED.label()).isEqualTo("changed");
  }

  private Path existingEcsConfig(String content, String mode) throws IOException {
    Path target = Files.writeString(directory.resolve("ecs.config"), content);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(mode));
    return target;
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
