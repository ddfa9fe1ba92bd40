package dev.ecsbootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments of real {@code apply} processes: ecs.config is always the old or the
 * new content, whole, at 0600, and the temp files a kill leaves do not pile up. 200 runs unless
 * {@code -Dreliability.kills=N}, two at a time, each lane its own ecs.config.
 */
class SigkillIT {
  private static final String RUNS = "reliability.kills";
  private static final int LANES = 2;

  @TempDir Path directory;
  private ApplyProcesses jar;
  private String source;

  @BeforeEach
  void start() {
    jar = ApplyProcesses.start();
    source = jar.put("ecs/registry-auth.env", Samples.dockercfgFragment());
  }

  @AfterEach
  void stop() {
    jar.close();
  }

  @Test
  void aKillAtAnyMomentLeavesTheOldOrTheNewFileWholeAndNoTempFilesPileUp() throws Exception {
    int runs = Integer.getInteger(RUNS, 200);
    byte[] old = Samples.existingEcsConfig();
    List<Path> targets = new ArrayList<>();
    for (int lane = 0; lane < LANES; lane++) {
      targets.add(lane("lane-" + lane, old));
    }
    // A typical run as the kills will see it: LANES at once, after a first warming batch.
    completeRuns(targets, old);
    Duration typical = completeRuns(targets, old);
    byte[] fresh = Files.readAllBytes(targets.get(0));
    assertThat(fresh).isNotEqualTo(old);

    Tally tally = new Tally();
    ExecutorService lanes = Executors.newFixedThreadPool(LANES);
    long suite = System.nanoTime();
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int lane = 0; lane < LANES; lane++) {
        Path target = targets.get(lane);
        int share = runs / LANES + (lane < runs % LANES ? 1 : 0);
        Random random = new Random(lane * 7919L + runs);
        work.add(
            lanes.submit(
                () -> {
                  for (int run = 0; run < share; run++) {
                    killOnce(target, old, fresh, typical, random, tally);
                  }
                  return null;
                }));
      }
      for (Future<?> lane : work) {
        lane.get();
      }
      // After the next successful run beside each lane's leftovers, none are left.
      for (int lane = 0; lane < LANES; lane++) {
        Path target = targets.get(lane);
        jar.run(target, source).assertExit(0);
        assertThat(Files.readAllBytes(target)).isEqualTo(fresh);
        tally.leftAfterSuccess += ApplyProcesses.tempFiles(target).size();
      }
    } finally {
      lanes.shutdownNow();
    }

    System.out.printf(
        "SigkillIT: runs=%d typicalRun=%dms killedOld=%d killedNew=%d completed=%d corrupt=%d"
            + " lost=%d badMode=%d maxTempFilesAtOnce=%d tempFilesAfterNextSuccess=%d wall=%ds%n",
        runs,
        typical.toMillis(),
        tally.old,
        tally.fresh,
        tally.completed,
        tally.corrupt,
        tally.lost,
        tally.badMode,
        tally.maxTemp,
        tally.leftAfterSuccess,
        ApplyProcesses.since(suite).toSeconds());
    assertThat(tally.corrupt).as("corrupt files").isZero();
    assertThat(tally.lost).as("runs that exited 0 with the old file").isZero();
    assertThat(tally.badMode).as("files not at 0600").isZero();
    assertThat(tally.maxTemp).as("temp files beside one target at once").isLessThanOrEqualTo(1);
    assertThat(tally.leftAfterSuccess).as("temp files after the next successful run").isZero();
    assertThat(tally.old + tally.fresh + tally.completed).isEqualTo(runs);
  }

  /** Resets the lane's file to the old content, starts apply, kills it after a random delay. */
  private void killOnce(
      Path target, byte[] old, byte[] fresh, Duration typical, Random random, Tally tally)
      throws IOException {
    Files.write(target, old);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    Process process = jar.start(target, source);
    // Spread over the typical run and a little past it: the write is at its end.
    long delay = (long) (typical.toMillis() * (0.2 + 0.9 * random.nextDouble()));
    boolean ended;
    try {
      ended = process.waitFor(delay, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    ApplyProcesses.kill(process);
    byte[] now = Files.readAllBytes(target);
    boolean isOld = Arrays.equals(now, old);
    boolean isNew = Arrays.equals(now, fresh);
    synchronized (tally) {
      if ((!isOld && !isNew) || Files.isSymbolicLink(target)) {
        tally.corrupt++;
      }
      if (ended && process.exitValue() == 0 && !isNew) {
        tally.lost++;
      }
      if (!ApplyProcesses.mode(target).equals("rw-------")) {
        tally.badMode++;
      }
      if (ended) {
        tally.completed++;
      } else if (isNew) {
        tally.fresh++;
      } else {
        tally.old++;
      }
      tally.maxTemp = Math.max(tally.maxTemp, ApplyProcesses.tempFiles(target).size());
    }
  }

  /** Runs apply on every target at once, to the end; returns the mean duration. */
  private Duration completeRuns(List<Path> targets, byte[] old) throws Exception {
    List<CompletableFuture<Duration>> runs = new ArrayList<>();
    for (Path target : targets) {
      Files.write(target, old);
      runs.add(
          CompletableFuture.supplyAsync(
              () -> {
                long started = System.nanoTime();
                jar.run(target, source).assertExit(0);
                return ApplyProcesses.since(started);
              }));
    }
    long total = 0;
    for (CompletableFuture<Duration> run : runs) {
      total += run.get().toMillis();
    }
    return Duration.ofMillis(total / targets.size());
  }

  private Path lane(String name, byte[] content) throws IOException {
    Path folder = Files.createDirectory(directory.resolve(name));
    Path target = Files.write(folder.resolve("ecs.config"), content);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    return target;
  }

  private static final class Tally {
    int old;
    int fresh;
    int completed;
    int corrupt;
    int lost;
    int badMode;
    int maxTemp;
    int leftAfterSuccess;
  }
}
