package dev.ecsbootstrap.userdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.Shellcheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * House rules for every template and the shared library, and shellcheck over all of them, as they
 * are in the source tree (bootstrap-cli's SimulatedBootIT lints and boots the rendered scripts).
 */
class TemplatesLintTest {
  private static final Path DIRECTORY =
      Path.of(System.getProperty("userdata.dir", "src/main/userdata"));

  static List<Path> scripts() throws IOException {
    try (Stream<Path> files = Files.walk(DIRECTORY)) {
      return files.filter(file -> file.toString().endsWith(".sh")).sorted().toList();
    }
  }

  /** The script without its comment lines: the rules are about what runs, not what is explained. */
  static String code(Path script) throws IOException {
    return String.join(
        "\n",
        Files.readAllLines(script).stream().filter(line -> !line.strip().startsWith("#")).toList());
  }

  @Test
  void shellcheckFindsNothing() throws IOException {
    Shellcheck.assertClean(scripts());
  }

  @Test
  void everyScriptIsStrictAndNeverTraces() throws IOException {
    assertThat(scripts()).isNotEmpty();
    for (Path script : scripts()) {
      assertThat(Files.readString(script))
          .as(script.toString())
          .startsWith("#!/usr/bin/env bash\n");
      String text = code(script);
      assertThat(text)
          .as(script.toString())
          .doesNotContain("set -x")
          .doesNotContain("set -o xtrace")
          .doesNotContain("bash -x");
      if (!script.getParent().endsWith("lib")) {
        assertThat(text)
            .as(script.toString())
            .contains("set -o errexit -o nounset -o pipefail")
            .contains("umask 077")
            .contains("trap ");
      }
    }
  }

  @Test
  void ecsOptimizedTemplatesNeverStartOrRestartTheAgent() throws IOException {
    // ecs.service runs after cloud-final: a blocking systemctl start/restart here deadlocks the
    // boot.
    for (String template :
        new String[] {"al2023.sh", "al2.sh", "lib/bootstrap.sh", "lib/ecs-optimized.sh"}) {
      assertThat(code(DIRECTORY.resolve(template)))
          .as(template)
          .doesNotContainPattern("systemctl\\s+(start|restart|reload|enable|stop)")
          .doesNotContainPattern("systemctl[^\\n]*\\becs\\b");
    }
    // The one systemctl call, powering off a failed boot, never waits for a job.
    assertThat(code(DIRECTORY.resolve("lib/bootstrap.sh")))
        .contains("systemctl poweroff --no-block")
        .doesNotContainPattern("systemctl poweroff(?! --no-block)");
  }

  /** The rotation timer starts from inside cloud-final: never a blocking start, never the agent. */
  @Test
  void rotationStartsItsTimerWithoutWaitingAndNeverTouchesTheAgent() throws IOException {
    String rotation = code(DIRECTORY.resolve("lib/rotation.sh"));

    assertThat(rotation)
        .contains("systemctl start --no-block $u.timer")
        .doesNotContainPattern("systemctl start(?! --no-block)")
        .doesNotContainPattern("systemctl\\s+(restart|stop|reload)")
        .doesNotContainPattern("systemctl[^\\n]*\\becs\\b")
        .doesNotContain("--now");
  }

  /**
   * The JVM's default initial heap is 1/64 of the host's memory, which set apply's peak RSS (137
   * MiB on a 24 GiB host, 84 with the bounded heap; docs/performance.md), and the only java command
   * line starts it with these flags.
   */
  @Test
  void applysJvmStartsWithABoundedHeapC1OnlyAndTheSerialCollector() throws IOException {
    String library = code(DIRECTORY.resolve("lib/bootstrap.sh"));

    assertThat(library)
        .containsPattern(
            "ECS_BOOTSTRAP_JVM_FLAGS=\\$\\{ECS_BOOTSTRAP_JVM_FLAGS:-[^}]*-Xms\\d+m -Xmx\\d+m[^}]*\\}")
        .containsPattern("ECS_BOOTSTRAP_JVM_FLAGS:-[^}]*-XX:TieredStopAtLevel=1")
        .containsPattern("ECS_BOOTSTRAP_JVM_FLAGS:-[^}]*-XX:\\+UseSerialGC")
        .contains("\"$ECS_BOOTSTRAP_JAVA\" $ECS_BOOTSTRAP_JVM_FLAGS -jar");
    assertThat(library.split(" -jar \"", -1)).hasSize(2);
  }

  /**
   * The bundle's AOT cache was trained with the library's JVM flags (build-bundle.sh reads them
   * from it), from inside the bundle's folder with relative paths; the JVM ignores a cache whose
   * jar's path, size or modification time differ, so tar keeps the times.
   */
  @Test
  void theBundlesJvmStartsAsItsCacheWasTrainedAndTarKeepsTheTimes() throws IOException {
    String bundle = code(DIRECTORY.resolve("lib/ecs-optimized.sh"));

    assertThat(bundle)
        .contains("cd \"$ECS_BOOTSTRAP_HOME/bundle/ecs-bootstrap\"")
        .contains("bootstrap::apply runtime/bin/java $ECS_BOOTSTRAP_JVM_FLAGS \\\n")
        .contains("-XX:AOTCache=ecs-bootstrap.aot ")
        .contains("-jar ecs-bootstrap.jar)")
        .contains("tar -xzf \"$tarball\" --no-same-owner")
        .doesNotContain("--touch")
        .doesNotContain(" -m ");
  }
}
