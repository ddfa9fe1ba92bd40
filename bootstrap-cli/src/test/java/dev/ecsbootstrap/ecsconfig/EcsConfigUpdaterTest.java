package dev.ecsbootstrap.ecsconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.aws.Deadline;
import dev.ecsbootstrap.fragment.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
  void concurrentUpdatesAddingDifferentKeysLoseNone() throws Exception {
    List<String> keys =
        List.of(
            "ECS_CLUSTER",
            "ECS_LOGLEVEL",
            "ECS_RESERVED_MEMORY",
            "ECS_ENABLE_TASK_IAM_ROLE",
            "ECS_CONTAINER_STOP_TIMEOUT",
            "ECS_IMAGE_PULL_BEHAVIOR");
    ExecutorService threads = Executors.newFixedThreadPool(keys.size());
    try {
      for (int round = 0; round < 20; round++) {
        Path target = existingEcsConfig("ECS_DATADIR=/data\n", "rw-------");
        CyclicBarrier start = new CyclicBarrier(keys.size());
        List<Future<EcsConfigUpdater.Outcome>> outcomes = new ArrayList<>();
        for (String key : keys) {
          List<Setting> setting = List.of(new Setting(key, Secret.of("v-" + key), 1));
          outcomes.add(
              threads.submit(
                  () -> {
                    start.await();
                    return EcsConfigUpdater.update(target, setting, false);
                  }));
        }
        for (Future<EcsConfigUpdater.Outcome> outcome : outcomes) {
          // Each run added its own key, so each truthfully reports a change.
          assertThat(outcome.get(30, TimeUnit.SECONDS).status())
              .isEqualTo(EcsConfigUpdater.Status.CHANGED);
        }
        String content = Files.readString(target);
        for (String key : keys) {
          assertThat(content).as("round " + round).contains(key + "=v-" + key + "\n");
        }
        Files.delete(target);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aRunRemovesStaleTempFilesOfItsOwnPatternOnly() throws IOException {
    Path target = existingEcsConfig("ECS_LOGLEVEL=info\n", "rw-------");
    // What a kill between the temp file's creation and its rename leaves behind.
    Path stale = Files.writeString(directory.resolve(".ecs.config.8127361283.tmp"), "old copy");
    Path alsoStale = Files.writeString(directory.resolve(".ecs.config.42.tmp"), "");
    Path victim = Files.writeString(directory.resolve("victim"), "keep\n");
    Path link =
        Files.createSymbolicLink(directory.resolve(".ecs.config.99.tmp"), victim.getFileName());
    Path otherTarget = Files.writeString(directory.resolve(".other.config.77.tmp"), "x");
    Path notOurs = Files.writeString(directory.resolve(".ecs.config.tmp"), "x");

    EcsConfigUpdater.update(target, SETTINGS, false);

    assertThat(stale).doesNotExist();
    assertThat(alsoStale).doesNotExist();
    assertThat(link).isSymbolicLink();
    assertThat(victim).hasContent("keep");
    assertThat(otherTarget).exists();
    assertThat(notOurs).exists();
    try (var files = Files.list(directory)) {
      assertThat(
              files.filter(
                  file -> file.getFileName().toString().matches("\\.ecs\\.config\\.[0-9]+\\.tmp")))
          .as("temp files left")
          .containsExactly(link);
    }
  }

  @Test
  void aLockHeldPastTheDeadlineEndsInDeadlineAndWritesNothing() throws IOException {
    Path target = existingEcsConfig("ECS_LOGLEVEL=info\n", "rw-------");

    TargetLock other = TargetLock.acquire(target, Deadline.after(Duration.ofSeconds(5)));
    try {
      assertThatThrownBy(
              () ->
                  EcsConfigUpdater.update(
                      target, SETTINGS, false, Deadline.after(Duration.ofMillis(200)), false))
          .isInstanceOfSatisfying(
              BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.DEADLINE))
          .hasMessageContaining("another run holds the lock");
    } finally {
      other.close();
    }
    assertThat(target).hasContent("ECS_LOGLEVEL=info");
  }

  @Test
  void aSharedFolderIsWrittenWhenTheOperatorAllowsIt() throws IOException {
    Path target = existingEcsConfig("ECS_LOGLEVEL=info\n", "rw-------");
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));

    EcsConfigUpdater.Outcome outcome =
        EcsConfigUpdater.update(
            target, SETTINGS, false, Deadline.after(Duration.ofSeconds(5)), true);

    assertThat(outcome.status()).isEqualTo(EcsConfigUpdater.Status.CHANGED);
    assertThat(target).hasContent("ECS_LOGLEVEL=info\nECS_CLUSTER=prod");
  }

  @Test
  void aLinkAtTheLockFilesNameIsRefusedNotFollowed() throws IOException {
    Path target = existingEcsConfig("ECS_LOGLEVEL=info\n", "rw-------");
    Path victim = Files.writeString(directory.resolve("victim"), "keep\n");
    Files.createSymbolicLink(directory.resolve(".ecs.config.lock"), victim);

    assertThatThrownBy(() -> EcsConfigUpdater.update(target, SETTINGS, false))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_FILE));
    assertThat(victim).hasContent("keep");
    assertThat(target).hasContent("ECS_LOGLEVEL=info");
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
