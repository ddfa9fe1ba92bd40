package dev.ecsbootstrap.ecsconfig;

import dev.ecsbootstrap.BootstrapException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads and replaces a small root-owned config file so that a crash at any point leaves either the
 * old or the new content, never a mix: same-directory temp file at 0600, fsync, atomic rename,
 * fsync of the directory. Every failure is {@code LOCAL_FILE}, and the temp file never outlives a
 * failure.
 */
final class AtomicFiles {
  public static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

  /** ecs.config is a few hundred bytes; anything this large is not one. */
  static final long MAX_BYTES = 1024 * 1024;

  private AtomicFiles() {}

  /**
   * The file's bytes, or none when it does not exist yet. Refuses symlinks and non-regular files.
   */
  public static byte[] readExisting(Path target) {
    refuseSymlink(target);
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return new byte[0];
    }
    if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      throw BootstrapException.localFile(target + " is not a regular file", null);
    }
    try {
      if (Files.size(target) > MAX_BYTES) {
        throw BootstrapException.localFile(
            target + " is larger than " + MAX_BYTES + " bytes", null);
      }
      return Files.readAllBytes(target);
    } catch (IOException e) {
      throw BootstrapException.localFile(
          "cannot read " + target + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * Replaces {@code target} with {@code content}, atomically, mode 0600; creates missing folders.
   */
  public static void replace(Path target, byte[] content) {
    replace(target, content, () -> {});
  }

  /**
   * {@link #replace(Path, byte[])}, running {@code beforeRename} once the temp file is written: the
   * window in which a test plants a symlink at {@code target}.
   */
  static void replace(Path target, byte[] content, Runnable beforeRename) {
    replace(target, content, temp -> {}, beforeRename);
  }

  /**
   * {@link #replace(Path, byte[], Runnable)}, also running {@code afterCreate} with the temp file's
   * path as soon as it exists, before a byte is written: the window in which a test swaps the temp
   * file for a symlink.
   */
  static void replace(
      Path target, byte[] content, Consumer<Path> afterCreate, Runnable beforeRename) {
    refuseSymlink(target);
    Path directory = target.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(directory);
      temp =
          Files.createTempFile(
              directory,
              "." + target.getFileName() + ".",
              ".tmp",
              PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
      afterCreate.accept(temp);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      beforeRename.run();
      // Checked again just before the rename: a symlink planted meanwhile must not be replaced
      // blindly.
      refuseSymlink(target);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temp = null;
      fsyncDirectory(directory);
    } catch (FileAlreadyExistsException e) {
      throw BootstrapException.localFile(
          "cannot create " + directory + ": a file is in the way", e);
    } catch (IOException e) {
      throw BootstrapException.localFile("cannot write " + target + ": " + describe(e), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // The original is intact; a stray temp file is the lesser problem and is named ".*.tmp".
        }
      }
    }
  }

  /**
   * Sets mode 0600 when the content is already right but the mode is not. Returns whether it
   * changed.
   */
  public static boolean restrictMode(Path target) {
    try {
      if (Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS)
          .equals(OWNER_READ_WRITE)) {
        return false;
      }
      Files.setPosixFilePermissions(target, OWNER_READ_WRITE);
      return true;
    } catch (IOException e) {
      throw BootstrapException.localFile(
          "cannot set mode 0600 on " + target + ": " + describe(e), e);
    }
  }

  private static void refuseSymlink(Path target) {
    if (Files.isSymbolicLink(target)) {
      throw BootstrapException.localFile(
          target + " is a symbolic link; refusing to replace it", null);
    }
  }

  private static void fsyncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
  }
}
