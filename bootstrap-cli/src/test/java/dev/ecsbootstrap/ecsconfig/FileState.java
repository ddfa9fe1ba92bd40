package dev.ecsbootstrap.ecsconfig;

import dev.ecsbootstrap.testing.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything a write or a chmod would change about a file: its bytes, as a digest (the content
 * holds credentials and may appear in a failure message), its mode, inode, modification and
 * status-change times, and the names in its directory (a temp file left behind).
 */
record FileState(
    String sha256,
    String mode,
    long inode,
    FileTime modified,
    FileTime statusChanged,
    List<String> directory) {

  static FileState of(Path file) throws IOException {
    List<String> names;
    try (Stream<Path> entries = Files.list(file.toAbsolutePath().getParent())) {
      names = entries.map(entry -> entry.getFileName().toString()).sorted().toList();
    }
    return new FileState(
        Sha256.hex(Files.readAllBytes(file)),
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)),
        (Long) Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS),
        Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS),
        (FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS),
        names);
  }
}
