package dev.ecsbootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ecs.config on a read-only and on a full file system (tmpfs, mounted as root, as on CI): exit 7,
 * the target unchanged, no temp file left. Skipped with a printed reason only when not root.
 */
class FileSystemsIT {
  @TempDir Path directory;
  private Path mountPoint;
  private ApplyProcesses jar;
  private String source;

  @BeforeEach
  void mount() throws Exception {
    Optional<String> notRoot = ApplyProcesses.notRoot();
    notRoot.ifPresent(reason -> System.out.println("FileSystemsIT skipped: " + reason));
    Assumptions.assumeTrue(notRoot.isEmpty(), () -> notRoot.orElseThrow());
    mountPoint = Files.createDirectory(directory.resolve("etc-ecs"));
    sh("mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", mountPoint.toString());
    jar = ApplyProcesses.start();
    source = jar.put("ecs/auth.env", Samples.dockercfgFragment());
  }

  @AfterEach
  void unmount() throws Exception {
    if (jar != null) {
      jar.close();
    }
    if (mountPoint != null) {
      sh("umount", mountPoint.toString());
    }
  }

  @Test
  void aReadOnlyFileSystemExits7AndChangesNothing() throws Exception {
    Path target = existing();
    sh("mount", "-o", "remount,ro", mountPoint.toString());

    String err =
        jar.run(target, source).assertExit(ExitCode.LOCAL_FILE.value()).assertNoSecretLeak().err();

    System.out.println("FileSystemsIT read-only: " + err.strip());
    assertUnchangedAndNoTempFile(target);
  }

  @Test
  void aFullFileSystemExits7AndChangesNothing() throws Exception {
    Path target = existing();
    fill(mountPoint.resolve("filler"));

    String err =
        jar.run(target, source).assertExit(ExitCode.LOCAL_FILE.value()).assertNoSecretLeak().err();

    System.out.println("FileSystemsIT full: " + err.strip());
    assertUnchangedAndNoTempFile(target);
  }

  private Path existing() throws IOException {
    Path target = Files.write(mountPoint.resolve("ecs.config"), Samples.existingEcsConfig());
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    return target;
  }

  private static void assertUnchangedAndNoTempFile(Path target) throws IOException {
    assertThat(Files.readAllBytes(target)).isEqualTo(Samples.existingEcsConfig());
    assertThat(ApplyProcesses.mode(target)).isEqualTo("rw-------");
    assertThat(ApplyProcesses.tempFiles(target)).isEmpty();
  }

  private static void fill(Path filler) throws IOException {
    byte[] block = new byte[4096];
    try (var out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // ENOSPC: the file system is full, as wanted.
      if (!String.valueOf(full.getMessage()).contains("space")) {
        throw full;
      }
    }
  }

  private static void sh(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", List.of(command)) + ": " + output);
    }
  }
}
