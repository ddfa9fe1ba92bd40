package dev.ecsbootstrap.ecsconfig;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.aws.Deadline;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;

/**
 * An advisory lock (fcntl, {@link FileChannel#lock}) on {@code .<target>.lock} beside the target,
 * held across read, merge and write so that concurrent runs each see the other's keys. The lock
 * file stays: removing it would let a third run lock a new file while a second still holds the old
 * one.
 */
final class TargetLock implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(20);

  private final FileChannel channel;
  private final FileLock lock;

  private TargetLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Waits for the lock until {@code deadline}; a wait past it is {@code DEADLINE}, a lock file that
   * cannot be opened safely (a link, not a regular file) is {@code LOCAL_FILE}.
   */
  static TargetLock acquire(Path target, Deadline deadline) {
    Path directory = target.toAbsolutePath().getParent();
    Path path = directory.resolve("." + target.getFileName() + ".lock");
    FileChannel channel = open(path);
    try {
      while (true) {
        FileLock lock = tryLock(channel);
        if (lock != null) {
          return new TargetLock(channel, lock);
        }
        Duration left = deadline.remaining();
        if (left.isZero()) {
          throw BootstrapException.deadline(
              "another run holds the lock "
                  + path
                  + " on "
                  + target
                  + " and did not release it within --timeout; nothing was written",
              null);
        }
        Thread.sleep(Math.max(1, Math.min(POLL.toMillis(), left.toMillis())));
      }
    } catch (IOException e) {
      closeQuietly(channel);
      throw BootstrapException.localFile(
          "cannot lock " + path + ": " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      closeQuietly(channel);
      Thread.currentThread().interrupt();
      throw BootstrapException.deadline("interrupted while waiting for the lock " + path, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static FileChannel open(Path path) {
    try {
      AtomicFiles.createFolders(path.getParent());
      // Checked before the open too: opening a FIFO planted there for writing would block.
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)
          && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        throw BootstrapException.localFile(path + " is not a regular file; cannot lock it", null);
      }
      // O_NOFOLLOW: a link planted at the lock's name is refused, never followed (ELOOP).
      FileChannel channel =
          FileChannel.open(
              path,
              Set.<OpenOption>of(
                  StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_READ_WRITE));
      if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        channel.close();
        throw BootstrapException.localFile(path + " is not a regular file; cannot lock it", null);
      }
      return channel;
    } catch (IOException e) {
      throw BootstrapException.localFile(
          "cannot open the lock file " + path + ": " + AtomicFiles.describe(e), e);
    }
  }

  /** Null while another process, or another thread of this one, holds the lock. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // The JVM keeps one lock table per file: another thread's lock shows up here.
      return null;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // Closing the channel below releases it too.
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing was written through it.
    }
  }
}
