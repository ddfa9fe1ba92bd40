package dev.ecsbootstrap.ecsconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.fragment.Fragment;
import dev.ecsbootstrap.fragment.FragmentValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What must hold for every fragment and every existing file, not only the ones we thought of. */
class MergePropertiesTest {

  /**
   * Lines built from the pieces that matter to the parsers: keys, '=', quotes, spaces, CR, JSON,
   * junk.
   */
  @Provide
  Arbitrary<String> fragments() {
    Arbitrary<String> key =
        Arbitraries.of(
            "ECS_CLUSTER",
            "ECS_ENGINE_AUTH_TYPE",
            "ECS_ENGINE_AUTH_DATA",
            "ecs_cluster",
            "export ECS_CLUSTER",
            "ECS_CLUSTR",
            "",
            " ECS_LOGLEVEL",
            "#ECS_CLUSTER");
    Arbitrary<String> separator = Arbitraries.of("=", " =", "= ", "", "==");
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.of(
                "docker",
                "dockercfg",
                "prod",
                "\"prod\"",
                "a\\b",
                "x # y",
                "",
                "{\"r.io\":{\"auth\":\"dTpw\"}}",
                "{\"auths\":{}}",
                "{\"r.io\":{\"username\":\"u\",\"password\":\"p\"}}",
                "{\"r.io\":",
                "[]",
                "{\"R.io\":{\"auth\":\"=\"}}"),
            Arbitraries.strings().ofMaxLength(20));
    Arbitrary<String> ending = Arbitraries.of("\n", "\r\n", "", "\r");
    Arbitrary<String> line =
        Combinators.combine(key, separator, value, ending).as((k, s, v, e) -> k + s + v + e);
    return line.list().ofMaxSize(6).map(lines -> String.join("", lines));
  }

  @Provide
  Arbitrary<byte[]> existingFiles() {
    Arbitrary<String> lines =
        Arbitraries.of(
                "ECS_CLUSTER=prod",
                "ECS_ENGINE_AUTH_TYPE=docker",
                " ECS_ENGINE_AUTH_DATA = {}",
                "# comment",
                "",
                "export ECS_ENGINE_AUTH_TYPE=x",
                "junk",
                "\r")
            .list()
            .ofMaxSize(6)
            .map(list -> String.join("\n", list));
    return Arbitraries.oneOf(
        lines.map(text -> text.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(40));
  }

  @Property(tries = 300)
  void validationNeverThrowsAnythingButInvalidContent(@ForAll("fragments") String fragment) {
    try {
      FragmentValidator.parse("fragment", fragment.getBytes(StandardCharsets.UTF_8));
    } catch (BootstrapException e) {
      assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
      assertThat(e.problems()).anyMatch(dev.ecsbootstrap.Problem::isError);
    }
  }

  @Property(tries = 300)
  void mergeIsIdempotentAndKeepsUnmanagedLines(
      @ForAll("fragments") String fragmentText, @ForAll("existingFiles") byte[] existing) {
    Fragment fragment;
    try {
      fragment = FragmentValidator.parse("fragment", fragmentText.getBytes(StandardCharsets.UTF_8));
    } catch (BootstrapException invalid) {
      return;
    }
    MergeResult once = EcsConfigMerge.merge(existing, fragment.settings());
    MergeResult twice = EcsConfigMerge.merge(once.content(), fragment.settings());

    assertThat(twice.changed()).as("a second merge changes nothing").isFalse();
    List<String> managed = fragment.settings().stream().map(setting -> setting.key()).toList();
    for (byte[] line : EcsConfigMerge.splitLines(existing)) {
      boolean isManaged = ConfigLine.assignedKey(line).filter(managed::contains).isPresent();
      if (!isManaged) {
        assertThat(containsLine(once.content(), line)).as("unmanaged line kept").isTrue();
      }
    }
  }

  @Property(tries = 150)
  void anInvalidFragmentNeverChangesTheTarget(
      @ForAll("fragments") String fragmentText, @ForAll("existingFiles") byte[] existing)
      throws IOException {
    Path directory = Files.createTempDirectory("property");
    Path target = Files.write(directory.resolve("ecs.config"), existing);
    try {
      Fragment fragment =
          FragmentValidator.parse("fragment", fragmentText.getBytes(StandardCharsets.UTF_8));
      EcsConfigUpdater.update(target, fragment.settings(), false);
    } catch (BootstrapException invalid) {
      assertThat(invalid.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
      assertThat(Files.readAllBytes(target)).isEqualTo(existing);
    } finally {
      try (var files = Files.list(directory)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(directory);
    }
  }

  private static boolean containsLine(byte[] content, byte[] line) {
    return EcsConfigMerge.splitLines(content).stream()
        .anyMatch(candidate -> Arrays.equals(candidate, line));
  }
}
