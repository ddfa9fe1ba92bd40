package dev.ecsbootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the files and standard input commands are given: whole, but bounded, since a fragment, a
 * config.json or an ecs.config is a few kilobytes and a mistaken path or pipe could be anything.
 */
public final class InputFiles {
  public static final int MAX_BYTES = 1024 * 1024;

  private InputFiles() {}

  public static byte[] read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw BootstrapException.localFile(
          "cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * {@code in} to its end; {@code name} is what messages call it. Input over the limit is refused
   * whole, never cut: a cut password or fragment would be some other one.
   */
  public static byte[] read(InputStream in, String name) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(name);
    }
    return bytes;
  }

  /**
   * Too large input is a content problem (exit 3, as apply's too large S3 object): the input was
   * read fine, it just cannot be what the command takes, and no retry helps.
   */
  private static BootstrapException tooLarge(String name) {
    return BootstrapException.invalidContent(
        name,
        List.of(
            Problem.error(
                0,
                "is larger than {} bytes, the most any command reads from a file or standard"
                    + " input; refused",
                Name.number(MAX_BYTES))));
  }
}
