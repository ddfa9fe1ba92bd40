package dev.ecsbootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments of real {@code apply} processes: ecs.config is always the old or the
 * new content, whole, at 0600, and the temp files a kill leaves do not pile up. 200 runs unless
 * {@code -Dreliability.kills=N}, two at a time, each lane its own ecs.config.
 *
 * <p>Half the kills fall anywhere in a run; a run spends nearly all its time starting and fetching,
 * so those rarely meet the write. The other half are aimed at it: they wait for the temp file to
 * appear (inotify, through a WatchService) and kill 0 to 2 ms later, between its creation, its
 * fsync and the rename, or just after.
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
                    killOnce(target, old, fresh, typical, random, run % 2 == 1, tally);
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
        "SigkillIT: runs=%d typicalRun=%dms aimedAtTheWrite=%d killedDuringTheWrite=%d killedOld=%d"
            + " killedNew=%d completed=%d corrupt=%d lost=%d badMode=%d maxTempFilesAtOnce=%d"
            + " tempFilesAfterNextSuccess=%d wall=%ds%n",
        runs,
        typical.toMillis(),
        tally.aimed,
        tally.duringWrite,
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

  /**
   * Resets the lane's file to the old content, starts apply, and kills it after a random delay or,
   * when {@code aimed}, as soon after its temp file appears as the watch lets this thread see it.
   */
  private void killOnce(
      Path target,
      byte[] old,
      byte[] fresh,
      Duration typical,
      Random random,
      boolean aimed,
      Tally tally)
      throws IOException {
    Files.write(target, old);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    boolean ended;
    boolean duringWrite = false;
    try (WatchService watch = target.getFileSystem().newWatchService()) {
      target.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
      Process process = jar.start(target, source);
      if (aimed) {
        duringWrite = awaitTempFile(watch, target, typical.multipliedBy(3));
        // 0 to 10 ms more (the fsyncs take milliseconds): some kills land before the fsync, some
        // before the rename, some after it.
        LockSupport.parkNanos(random.nextInt(10_000_000));
        ended = !process.isAlive();
      } else {
        // Spread over the typical run and a little past it: the write is at its end.
        long delay = (long) (typical.toMillis() * (0.2 + 0.9 * random.nextDouble()));
        ended = process.waitFor(delay, TimeUnit.MILLISECONDS);
      }
      ApplyProcesses.kill(process);
      if (ended && process.exitValue() == 0 && !Arrays.equals(Files.readAllBytes(target), fresh)) {
        synchronized (tally) {
          tally.lost++;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    byte[] now = Files.readAllBytes(target);
    boolean isOld = Arrays.equals(now, old);
    boolean isNew = Arrays.equals(now, fresh);
    synchronized (tally) {
      if ((!isOld && !isNew) || Files.isSymbolicLink(target)) {
        tally.corrupt++;
      }
      if (aimed) {
        tally.aimed++;
      }
      if (duringWrite && !ended) {
        tally.duringWrite++;
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

  /** Whether one of the target's temp files appeared within {@code limit}. */
  private static boolean awaitTempFile(WatchService watch, Path target, Duration limit)
      throws InterruptedException {
    String prefix = "." + target.getFileName() + ".";
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      WatchKey key = watch.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (key == null) {
        return false;
      }
      for (WatchEvent<?> event : key.pollEvents()) {
        String name = String.valueOf(event.context());
        if (name.startsWith(prefix) && name.endsWith(".tmp")) {
          return true;
        }
      }
      key.reset();
    }
    return false;
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
    int aimed;
    int duringWrite;
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
