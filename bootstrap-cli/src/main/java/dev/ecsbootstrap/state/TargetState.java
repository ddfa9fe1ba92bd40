package dev.ecsbootstrap.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;

/**
 * A file apply wrote, as it left it: size, modification time and inode. Any edit since (by hand, by
 * another tool, a restore from backup) changes at least one of them; a replacement by rename
 * changes the inode even when size and time are copied.
 *
 * @param inode empty where the file system has no "unix" attribute view; then size and time alone
 *     are compared
 */
public record TargetState(long size, Instant modified, Optional<Long> inode) {

  /** The file's state now, or empty when it does not exist or cannot be read. */
  public static Optional<TargetState> of(Path file) {
    try {
      BasicFileAttributes basic =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return Optional.of(
          new TargetState(basic.size(), basic.lastModifiedTime().toInstant(), inode(file)));
    } catch (IOException e) {
      // Missing (NoSuchFileException) or unreadable: either way not as apply left it.
      return Optional.empty();
    }
  }

  private static Optional<Long> inode(Path file) throws IOException {
    try {
      Object ino = Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
      return ino instanceof Long number ? Optional.of(number) : Optional.empty();
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // No "unix" view (not Linux/macOS, or another file system provider): size and time remain.
      return Optional.empty();
    }
  }

  /** Whether {@code file} is still exactly as this state records it. */
  public boolean matches(Path file) {
    return of(file).map(this::equals).orElse(false);
  }
}
