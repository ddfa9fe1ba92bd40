package dev.ecsbootstrap.ecsconfig;

import dev.ecsbootstrap.BootstrapException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads and replaces a small root-owned config file so that a crash at any point leaves either the
 * old or the new content, never a mix: same-directory temp file at 0600, fsync, atomic rename,
 * fsync of the directory. Every failure is {@code LOCAL_FILE}, and the temp file never outlives a
 * failure.
 */
public final class AtomicFiles {
  public static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

  /** ecs.config is a few hundred bytes; anything this large is not one. */
  static final long MAX_BYTES = 1024 * 1024;

  private static final SecureRandom RANDOM = new SecureRandom();

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
      createFolders(directory);
      temp = directory.resolve(tempName(target));
      // One open creates the file and is the only way it is written: O_CREAT|O_EXCL|O_NOFOLLOW
      // at mode 0600. Opening it again by name would follow a symlink swapped in meanwhile.
      try (FileChannel channel =
          FileChannel.open(
              temp,
              Set.<OpenOption>of(
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))) {
        Object created = fileKey(temp);
        afterCreate.accept(temp);
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
        beforeRename.run();
        // The name must still be the file this run created: a link or another file put in its
        // place would otherwise be renamed over the target.
        requireSameFile(temp, created);
        // Checked again just before the rename: a symlink planted meanwhile must not be replaced
        // blindly.
        refuseSymlink(target);
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        temp = null;
        // rename(2) takes a name, so a swap in the instant after the check above still renames
        // the swapped-in object. The channel is still open, so our inode's number cannot have
        // been reused: anything else at the target now is not ours, and must not stay there.
        requireRenamed(target, created);
      }
      fsyncDirectory(directory);
    } catch (FileAlreadyExistsException e) {
      throw BootstrapException.localFile(
          "cannot create " + directory + ": a file is in the way", e);
    } catch (IOException e) {
      throw BootstrapException.localFile("cannot write " + target + ": " + describe(e), e);
    } finally {
      if (temp != null) {
        try {
          // Unlinks whatever is at the name (a planted link too, never what it points to).
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // The original is intact; a stray temp file is removed by the next run (removeStale).
        }
      }
    }
  }

  /**
   * Refuses a folder that anyone but its owner may write (group or other write bit, sticky or not):
   * there another user can plant links and files where this run creates its own. {@code
   * allowShared} is the operator's word that the folder's other writers are trusted.
   */
  static void requirePrivateFolder(Path target, boolean allowShared) {
    Path directory = target.toAbsolutePath().getParent();
    if (allowShared || !Files.isDirectory(directory)) {
      return;
    }
    Set<PosixFilePermission> mode;
    try {
      mode = Files.getPosixFilePermissions(directory);
    } catch (IOException e) {
      throw BootstrapException.localFile(
          "cannot read the mode of " + directory + ": " + describe(e), e);
    }
    if (mode.contains(PosixFilePermission.GROUP_WRITE)
        || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw BootstrapException.localFile(
          directory
              + " is writable by users other than its owner (mode "
              + PosixFilePermissions.toString(mode)
              + "), so another user could swap the files written there; refusing to write "
              + target.getFileName()
              + " (pass --allow-shared-folder if those users are trusted)",
          null);
    }
  }

  /**
   * Removes the temp files a killed run left beside {@code target}: regular files of exactly this
   * class's naming pattern, never links. Call only while holding the target's lock, when no other
   * run can be writing one. Returns how many it removed.
   */
  static int removeStale(Path target) {
    Path directory = target.toAbsolutePath().getParent();
    Pattern ours =
        Pattern.compile("\\." + Pattern.quote(target.getFileName().toString()) + "\\.[0-9]+\\.tmp");
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        if (ours.matcher(entry.getFileName().toString()).matches()
            && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(entry);
          removed++;
        }
      }
    } catch (NoSuchFileException e) {
      return removed;
    } catch (IOException e) {
      throw BootstrapException.localFile(
          "cannot remove stale temp files beside " + target + ": " + describe(e), e);
    }
    return removed;
  }

  /** {@code .<target>.<random>.tmp}: hidden, beside the target, the pattern removeStale knows. */
  private static String tempName(Path target) {
    return "." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong()) + ".tmp";
  }

  /**
   * The file key (device and inode) of the file just created, read by name: a swap in the instant
   * before this read would give another user's file, so that must be a regular file of ours with
   * one link.
   */
  private static Object fileKey(Path file) throws IOException {
    Map<String, Object> unix =
        Files.readAttributes(file, "unix:uid,nlink,mode", LinkOption.NOFOLLOW_LINKS);
    BasicFileAttributes basic =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!basic.isRegularFile()
        || !ownUid().map(unix.get("uid")::equals).orElse(true)
        || !unix.get("nlink").equals(1)) {
      throw new IOException(
          "the temp file " + file.getFileName() + " was replaced as soon as it was created");
    }
    return basic.fileKey();
  }

  /**
   * This process's effective uid, the owner of {@code /proc/self}; empty where there is no /proc.
   */
  private static Optional<Object> ownUid() {
    try {
      return Optional.of(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  private static void requireRenamed(Path target, Object created) throws IOException {
    if (!isFile(target, created)) {
      // Unlinks the name only: a planted link's target is never touched.
      Files.deleteIfExists(target);
      throw new IOException(
          "another user of the folder replaced the temp file during the write; what was renamed"
              + " to the target was removed, nothing of this run was written");
    }
  }

  private static void requireSameFile(Path temp, Object created) throws IOException {
    if (!isFile(temp, created)) {
      throw new IOException(
          "the temp file " + temp.getFileName() + " was replaced while it was written");
    }
  }

  /** Whether {@code path} is, without following a link, the regular file {@code created}. */
  private static boolean isFile(Path path, Object created) throws IOException {
    BasicFileAttributes now =
        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return now.isRegularFile() && now.fileKey().equals(created);
  }

  /**
   * Sets mode 0600 when the content is already right but the mode is not. Returns whether it
   * changed.
   */
  public static boolean restrictMode(Path target) {
    try {
      if (hasOwnerOnlyMode(target)) {
        return false;
      }
      Files.setPosixFilePermissions(target, OWNER_READ_WRITE);
      return true;
    } catch (IOException e) {
      throw BootstrapException.localFile(
          "cannot set mode 0600 on " + target + ": " + describe(e), e);
    }
  }

  /**
   * Creates missing folders at 0755 at most (less if the umask says so): a umask of 0 must not make
   * a folder that {@link #requirePrivateFolder} would refuse on the next run.
   */
  static void createFolders(Path directory) throws IOException {
    Files.createDirectories(
        directory,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }

  /** Whether {@code target} is at mode 0600; false when its mode cannot be read. */
  static boolean hasOwnerOnlyMode(Path target) {
    try {
      return Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS)
          .equals(OWNER_READ_WRITE);
    } catch (IOException e) {
      return false;
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

  /** An I/O failure for a message: its kind and the system's reason, which name only paths. */
  static String describe(IOException e) {
    return e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
  }
}
