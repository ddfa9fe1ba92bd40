package dev.ecsbootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.aws.Deadline;
import dev.ecsbootstrap.ecsconfig.EcsConfigUpdater;
import dev.ecsbootstrap.fragment.Setting;
import dev.ecsbootstrap.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack of issue 11 defect 4: another user who may write ecs.config's folder swaps the temp
 * file for a symlink to a file only root may write. Such a folder is refused; where the operator
 * allows it, every swap is harmless (the write goes through the descriptor that created the file,
 * and a swapped name is never renamed over the target).
 */
class SymlinkSwapIT {
  private static final int RUNS = 300;

  @TempDir Path directory;

  @Test
  void aWatcherSwappingTheTempFileForALinkNeverRedirectsTheWrite() throws Exception {
    Path shared = Files.createDirectory(directory.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path victim = Files.writeString(directory.resolve("root-only"), "untouched\n");
    Path target = shared.resolve("ecs.config");
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger swaps = new AtomicInteger();
    Thread watcher = new Thread(() -> swapTempFiles(shared, victim, running, swaps), "swapper");
    watcher.start();
    int changed = 0;
    int refused = 0;
    try {
      for (int run = 0; run < RUNS; run++) {
        List<Setting> settings =
            List.of(new Setting("ECS_LOGLEVEL", Secret.of(run % 2 == 0 ? "info" : "debug"), 1));
        try {
          EcsConfigUpdater.update(
              target, settings, false, Deadline.after(Duration.ofSeconds(10)), true);
          changed++;
        } catch (BootstrapException e) {
          assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_FILE);
          refused++;
        }
        assertThat(victim).hasContent("untouched");
        assertThat(Files.isSymbolicLink(target)).as("ecs.config is a link").isFalse();
      }
    } finally {
      running.set(false);
      watcher.join();
    }
    System.out.printf(
        "SymlinkSwapIT: runs=%d swaps=%d changed=%d refused=%d victimWritten=0%n",
        RUNS, swaps.get(), changed, refused);
    assertThat(swaps.get()).as("the watcher swapped some temp files").isPositive();
  }

  @Test
  void aFolderOthersMayWriteIsRefusedWithExit7AndNothingWritten() throws IOException {
    Path shared = Files.createDirectory(directory.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxr-x"));
    Path target = Files.write(shared.resolve("ecs.config"), Samples.existingEcsConfig());
    try (ApplyProcesses jar = ApplyProcesses.start()) {
      String source = jar.put("ecs/auth.env", Samples.dockercfgFragment());

      assertThat(
              jar.run(target, source)
                  .assertExit(ExitCode.LOCAL_FILE.value())
                  .assertNoSecretLeak()
                  .err())
          .contains(shared.toString(), "--allow-shared-folder");
      assertThat(Files.readAllBytes(target)).isEqualTo(Samples.existingEcsConfig());
      try (var files = Files.list(shared)) {
        assertThat(files).containsExactly(target);
      }

      jar.run(target, source, "--allow-shared-folder").assertExit(0).assertNoSecretLeak();
      assertThat(Files.readAllBytes(target)).isNotEqualTo(Samples.existingEcsConfig());
    }
  }

  /** Polls the folder and replaces every temp file it sees with a link to {@code victim}. */
  private static void swapTempFiles(
      Path folder, Path victim, AtomicBoolean running, AtomicInteger swaps) {
    while (running.get()) {
      try (var files = Files.list(folder)) {
        for (Path file : files.toList()) {
          if (file.getFileName().toString().endsWith(".tmp") && !Files.isSymbolicLink(file)) {
            try {
              Files.delete(file);
              Files.createSymbolicLink(file, victim);
              swaps.incrementAndGet();
            } catch (IOException raced) {
              // Renamed or removed meanwhile: the next poll sees the folder as it is now.
            }
          }
        }
      } catch (IOException | java.io.UncheckedIOException ignored) {
        // Listing raced with a rename.
      }
    }
  }
}
