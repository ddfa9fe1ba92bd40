package dev.ecsbootstrap.ecsconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.apply.InMemoryApply;
import dev.ecsbootstrap.fragment.Fragment;
import dev.ecsbootstrap.fragment.FragmentValidator;
import dev.ecsbootstrap.fragment.Setting;
import dev.ecsbootstrap.testing.PropertyCases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What must hold for every fragment and every existing ecs.config, over seeded generated cases
 * ({@link PropertyCases}: -Dproperty.seed, -Dproperty.case). Fragments are valid or invalid by
 * construction, so every case reaches its assertion. Failure messages name seeds, keys and line
 * numbers, never content: the generated fragments hold (fake) credentials.
 */
class MergePropertiesTest {
  private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));

  @TempDir Path temp;

  @Test
  void mergeIsIdempotent() {
    PropertyCases.check(
        "mergeIsIdempotent",
        6_101L,
        generated -> {
          MergedCase once = MergedCase.generate(generated.random());
          MergeResult twice = EcsConfigMerge.merge(once.merged(), once.settings());

          generated.finalAssertionReached();
          assertThat(twice.changed()).as("the second merge changed bytes").isFalse();
          assertThat(twice.keys(KeyChange.Kind.UNCHANGED))
              .as("keys the second merge reports unchanged")
              .containsExactlyElementsOf(once.settings().stream().map(Setting::key).toList());
        });
  }

  @Test
  void mergeKeepsEveryUnmanagedLineInOrder() {
    PropertyCases.check(
        "mergeKeepsEveryUnmanagedLineInOrder",
        6_102L,
        generated -> {
          MergedCase merge = MergedCase.generate(generated.random());

          Set<String> managed = merge.fragment().settings().keySet();
          List<byte[]> before = unmanagedLines(merge.existing(), managed);
          List<byte[]> after = unmanagedLines(merge.merged(), managed);
          generated.finalAssertionReached();
          assertThat(firstDifference(before, after))
              .as(
                  "index of the first unmanaged line not kept in place (%d before the merge, %d"
                      + " after; -1 means all kept)",
                  before.size(), after.size())
              .isEqualTo(-1);
        });
  }

  @Test
  void mergeWritesEachManagedKeyOnceWithTheFragmentsValue() {
    PropertyCases.check(
        "mergeWritesEachManagedKeyOnceWithTheFragmentsValue",
        6_103L,
        generated -> {
          MergedCase merge = MergedCase.generate(generated.random());

          List<byte[]> lines = EcsConfigMerge.splitLines(merge.merged());
          generated.finalAssertionReached();
          for (Map.Entry<String, String> setting : merge.fragment().settings().entrySet()) {
            String key = setting.getKey();
            byte[] expected = utf8(key + "=" + setting.getValue());
            List<byte[]> assigning = lines.stream().filter(line -> assigns(line, key)).toList();
            assertThat(assigning.size()).as("lines assigning %s", key).isEqualTo(1);
            assertThat(Arrays.equals(assigning.get(0), expected))
                .as("%s is written as KEY=VALUE with exactly the fragment's value", key)
                .isTrue();
          }
        });
  }

  /**
   * Drives the real apply path (fetch, validate, combine, merge, write) with a fragment that has
   * one defect, then, as a control, with the same fragment before its defect: so each case is known
   * to reach the write, and only validation stands between the defect and the file.
   */
  @Test
  void anInvalidFragmentNeverChangesTheTarget() {
    InMemoryApply apply = new InMemoryApply();
    PropertyCases.check(
        "anInvalidFragmentNeverChangesTheTarget",
        6_104L,
        generated -> {
          InvalidFragment invalid = InvalidFragment.generate(generated.random());
          byte[] existing = ExistingConfigs.generate(generated.random(), invalid.base().settings());
          Path target = Files.createTempDirectory(temp, "case").resolve("ecs.config");
          Files.write(target, existing);
          Files.setPosixFilePermissions(
              target,
              PosixFilePermissions.fromString(
                  Draw.oneOf(generated.random(), "rw-------", "rw-r--r--", "rw-r-----")));
          Files.setLastModifiedTime(target, LONG_AGO);
          assertThat(exitCodeOfValidation(invalid.bytes()))
              .as("validation of a fragment with defect %s", invalid.defect())
              .isEqualTo(ExitCode.INVALID_CONTENT);
          FileState before = FileState.of(target);

          BootstrapException refused = applyFailure(apply, invalid.bytes(), target);

          assertThat(refused.exitCode())
              .as("exit code of apply with defect %s", invalid.defect())
              .isEqualTo(ExitCode.INVALID_CONTENT);
          assertThat(FileState.of(target))
              .as("the target after apply refused a fragment with defect %s", invalid.defect())
              .isEqualTo(before);
          apply.apply(invalid.base().bytes(), target);
          byte[] expected =
              EcsConfigMerge.merge(existing, parse(invalid.base()).settings()).content();
          generated.finalAssertionReached();
          assertThat(Arrays.equals(Files.readAllBytes(target), expected))
              .as(
                  "the target holds the merge once the fragment is without defect %s",
                  invalid.defect())
              .isTrue();
        });
  }

  @Test
  void validationFailsOnlyWithInvalidContentAndNamesNoSecret() {
    PropertyCases.check(
        "validationFailsOnlyWithInvalidContentAndNamesNoSecret",
        6_105L,
        generated -> {
          byte[] junk = JunkFragments.generate(generated.random());

          Fragment parsed = null;
          RuntimeException failure = null;
          try {
            parsed = FragmentValidator.parse("junk", junk);
          } catch (RuntimeException e) {
            failure = e;
          }

          generated.finalAssertionReached();
          List<String> messages = new ArrayList<>();
          if (failure == null) {
            assertThat(parsed.warnings())
                .as("problems of a parsed fragment")
                .noneMatch(Problem::isError);
            parsed.warnings().forEach(problem -> messages.add(problem.message()));
          } else {
            assertThat(failure instanceof BootstrapException)
                .as("parse threw %s, not BootstrapException", failure.getClass().getName())
                .isTrue();
            BootstrapException invalid = (BootstrapException) failure;
            assertThat(invalid.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
            assertThat(invalid.problems())
                .as("problems of a refused fragment")
                .anyMatch(Problem::isError);
            messages.add(invalid.getMessage());
            invalid.problems().forEach(problem -> messages.add(problem.message()));
          }
          assertThat(
                  messages.stream().noneMatch(m -> m.contains(ValidFragments.FAKE_PASSWORD_PREFIX)))
              .as("no message shows a password")
              .isTrue();
        });
  }

  /** A generated fragment, an existing ecs.config to merge it into, and the merge's bytes. */
  private record MergedCase(
      ValidFragment fragment, byte[] existing, List<Setting> settings, byte[] merged) {
    static MergedCase generate(RandomGenerator random) {
      ValidFragment fragment = ValidFragments.generate(random);
      byte[] existing = ExistingConfigs.generate(random, fragment.settings());
      List<Setting> settings = parse(fragment).settings();
      return new MergedCase(
          fragment, existing, settings, EcsConfigMerge.merge(existing, settings).content());
    }
  }

  private static Fragment parse(ValidFragment fragment) {
    try {
      return FragmentValidator.parse("generated", fragment.bytes());
    } catch (BootstrapException e) {
      // Problems name keys and lines, never values: safe to show.
      throw new AssertionError(
          "the generator made an invalid fragment "
              + fragment
              + ": "
              + e.problems().stream().map(problem -> problem.render("generated")).toList(),
          e);
    }
  }

  private static ExitCode exitCodeOfValidation(byte[] fragment) {
    try {
      FragmentValidator.parse("generated", fragment);
      return ExitCode.OK;
    } catch (BootstrapException e) {
      return e.exitCode();
    }
  }

  private static BootstrapException applyFailure(
      InMemoryApply apply, byte[] fragment, Path target) {
    try {
      apply.apply(fragment, target);
    } catch (BootstrapException e) {
      return e;
    }
    throw new AssertionError("apply accepted a fragment with a defect");
  }

  private static List<byte[]> unmanagedLines(byte[] content, Set<String> managed) {
    return EcsConfigMerge.splitLines(content).stream()
        .filter(line -> ConfigLine.assignedKey(line).filter(managed::contains).isEmpty())
        .toList();
  }

  private static boolean assigns(byte[] line, String key) {
    return ConfigLine.assignedKey(line).filter(key::equals).isPresent();
  }

  /** The first index at which the lists differ, or -1 when they are equal. */
  private static int firstDifference(List<byte[]> expected, List<byte[]> actual) {
    int common = Math.min(expected.size(), actual.size());
    for (int i = 0; i < common; i++) {
      if (!Arrays.equals(expected.get(i), actual.get(i))) {
        return i;
      }
    }
    return expected.size() == actual.size() ? -1 : common;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
