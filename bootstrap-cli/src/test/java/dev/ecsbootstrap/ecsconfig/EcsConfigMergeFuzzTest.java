package dev.ecsbootstrap.ecsconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ecsbootstrap.fragment.FragmentValidator;
import dev.ecsbootstrap.fragment.Setting;
import dev.ecsbootstrap.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@link EcsConfigMerge#merge} of any existing ecs.config with the settings of a valid fragment.
 * The last byte of the input picks the fragment, the rest is the existing file (seeds in {@code
 * EcsConfigMergeFuzzTestInputs/} are built that way). The merge never throws, keeps every line it
 * does not manage byte for byte and in order, leaves each managed key exactly once with the
 * fragment's value, as ecs-init (the reader the agent's settings come from) sees it, and is
 * idempotent.
 */
class EcsConfigMergeFuzzTest {

  /** What the fuzzer chooses from; the index is the seeds' last byte, so only ever append. */
  private static final List<List<Setting>> FRAGMENTS =
      List.of(
          settings(Samples.dockercfgFragment()),
          settings(Samples.dockerFragment(Samples.OTHER_REGISTRY)),
          settings(
              Samples.utf8(
                  "ECS_CLUSTER=prod\nECS_ENGINE_AUTH_TYPE=docker\nECS_ENGINE_AUTH_DATA="
                      + "{\"https://index.docker.io/v1/\":{\"username\":\"u\",\"password\":\"p\"}}\n")),
          settings(Samples.utf8("ECS_CLUSTER=prod\n")),
          settings(
              Samples.utf8(
                  "ECS_LOGLEVEL=debug\nECS_CLUSTER=blue=green\nECS_IMAGE_PULL_BEHAVIOR=once\n")));

  private static List<Setting> settings(byte[] fragment) {
    return FragmentValidator.parse("fragment", fragment).settings();
  }

  @FuzzTest
  @DictionaryEntries({
    "ECS_ENGINE_AUTH_TYPE=",
    "ECS_ENGINE_AUTH_DATA=",
    "ECS_CLUSTER=",
    "ECS_LOGLEVEL",
    "ECS_IMAGE_PULL_BEHAVIOR",
    "export ",
    "#",
    " = ",
    "\u00a0",
    "\u3000",
  })
  void mergesIntoAnyFile(FuzzedDataProvider data) {
    List<Setting> settings = FRAGMENTS.get(data.consumeInt(0, FRAGMENTS.size() - 1));
    byte[] existing = data.consumeRemainingAsBytes();

    MergeResult merged = EcsConfigMerge.merge(existing, settings);
    byte[] content = merged.content();

    assertThat(merged.original()).isEqualTo(existing);
    assertThat(lines(content))
        .as("the existing lines, managed keys replaced in place, new keys appended")
        .containsExactlyElementsOf(expectedLines(existing, settings));
    assertThat(unmanaged(lines(content), settings))
        .as("lines that mention no managed key, in order")
        .containsExactlyElementsOf(unmanaged(lines(existing), settings));
    assertThat(endsWithNewline(content)).isEqualTo(expectNewlineAtEnd(existing, settings));
    assertThat(merged.changes())
        .extracting(change -> change.key())
        .containsExactlyElementsOf(settings.stream().map(Setting::key).toList());
    assertThat(EcsInitView.of(content))
        .as("what ecs-init passes to the agent for the managed keys")
        .containsAllEntriesOf(
            settings.stream()
                .collect(Collectors.toMap(Setting::key, setting -> setting.value().reveal())));

    MergeResult again = EcsConfigMerge.merge(content, settings);
    assertThat(again.content()).as("merging twice is merging once").isEqualTo(content);
    assertThat(again.changed()).isFalse();
    assertThat(again.keys(KeyChange.Kind.UNCHANGED))
        .containsExactlyElementsOf(settings.stream().map(Setting::key).toList());
  }

  /**
   * The model: each line of {@code existing} as is, except that the first line assigning a managed
   * key becomes that key's line and later ones go; then the keys no line assigned, in order.
   */
  private static List<String> expectedLines(byte[] existing, List<Setting> settings) {
    Map<String, Setting> byKey =
        settings.stream().collect(Collectors.toMap(Setting::key, Function.identity()));
    Set<String> placed = new HashSet<>();
    List<String> expected = new ArrayList<>();
    for (String line : lines(existing)) {
      Optional<String> key = managedKey(line, byKey.keySet());
      if (key.isEmpty()) {
        expected.add(line);
      } else if (placed.add(key.get())) {
        expected.add(latin1(byKey.get(key.get())));
      }
    }
    settings.stream()
        .filter(setting -> !placed.contains(setting.key()))
        .forEach(setting -> expected.add(latin1(setting)));
    return expected;
  }

  /** The final newline is missing only where it was, on a kept last line, with nothing added. */
  private static boolean expectNewlineAtEnd(byte[] existing, List<Setting> settings) {
    if (existing.length == 0 || endsWithNewline(existing)) {
      return true;
    }
    Set<String> keys = settings.stream().map(Setting::key).collect(Collectors.toSet());
    List<String> existingLines = lines(existing);
    boolean lastLineKept = managedKey(existingLines.get(existingLines.size() - 1), keys).isEmpty();
    boolean anyAdded =
        !existingLines.stream()
            .flatMap(line -> managedKey(line, keys).stream())
            .collect(Collectors.toSet())
            .containsAll(keys);
    return !lastLineKept || anyAdded;
  }

  /** A setting's line as {@link #lines} shows it. */
  private static String latin1(Setting setting) {
    return new String(EcsConfigMerge.render(setting), StandardCharsets.ISO_8859_1);
  }

  private static Optional<String> managedKey(String line, Set<String> keys) {
    return ConfigLine.assignedKey(line.getBytes(StandardCharsets.ISO_8859_1))
        .filter(keys::contains);
  }

  /** Independent of {@link ConfigLine}: a line without a managed key's name cannot assign it. */
  private static List<String> unmanaged(List<String> lines, List<Setting> settings) {
    return lines.stream()
        .filter(line -> settings.stream().noneMatch(setting -> line.contains(setting.key())))
        .toList();
  }

  /** Lines as ISO-8859-1 text: one char per byte, so equality is byte equality. */
  private static List<String> lines(byte[] content) {
    return EcsConfigMerge.splitLines(content).stream()
        .map(line -> new String(line, StandardCharsets.ISO_8859_1))
        .toList();
  }

  private static boolean endsWithNewline(byte[] content) {
    return content.length > 0 && content[content.length - 1] == '\n';
  }

  /**
   * The map ecs-init builds from the file and hands the agent (getEnvVars in
   * ecs-init/docker/docker.go, amazon-ecs-agent v1.74.1): split at '\n', each line trimmed by Go's
   * {@code strings.TrimSpace}, split at the first '=', the last assignment of a key wins. Keys and
   * values as UTF-8 text, malformed bytes replaced.
   */
  static final class EcsInitView {
    private EcsInitView() {}

    static Map<String, String> of(byte[] content) {
      Map<String, String> variables = new HashMap<>();
      for (byte[] line : EcsConfigMerge.splitLines(content)) {
        byte[] trimmed = trimSpace(line);
        int equals = indexOf(trimmed, (byte) '=');
        if (equals >= 0) {
          variables.put(
              new String(trimmed, 0, equals, StandardCharsets.UTF_8),
              new String(trimmed, equals + 1, trimmed.length - equals - 1, StandardCharsets.UTF_8));
        }
      }
      return variables;
    }

    private static int indexOf(byte[] bytes, byte wanted) {
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == wanted) {
          return i;
        }
      }
      return -1;
    }

    /**
     * Go's {@code bytes.TrimSpace}: strips ASCII white space and the UTF-8 encodings of Unicode
     * White_Space ({@code unicode.IsSpace}); a malformed byte is not space and stops the trim.
     * Java's {@code String.strip} differs (Go's strings.TrimSpace trims Unicode White_Space, which
     * String.strip does not quite match).
     */
    static byte[] trimSpace(byte[] text) {
      int start = 0;
      int end = text.length;
      boolean trimmed = true;
      while (trimmed && start < end) {
        trimmed = false;
        for (byte[] space : SPACES) {
          if (regionMatches(text, start, end, space)) {
            start += space.length;
            trimmed = true;
            break;
          }
        }
      }
      trimmed = true;
      while (trimmed && start < end) {
        trimmed = false;
        for (byte[] space : SPACES) {
          if (end - space.length >= start && regionMatches(text, end - space.length, end, space)) {
            end -= space.length;
            trimmed = true;
            break;
          }
        }
      }
      return Arrays.copyOfRange(text, start, end);
    }

    private static boolean regionMatches(byte[] text, int from, int end, byte[] wanted) {
      if (end - from < wanted.length) {
        return false;
      }
      for (int i = 0; i < wanted.length; i++) {
        if (text[from + i] != wanted[i]) {
          return false;
        }
      }
      return true;
    }

    /** {@code unicode.IsSpace}, each as UTF-8: a valid encoding is unique, so matching is exact. */
    private static final List<byte[]> SPACES =
        IntStream.of(
                '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002,
                0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029,
                0x202F, 0x205F, 0x3000)
            .mapToObj(codePoint -> Character.toString(codePoint).getBytes(StandardCharsets.UTF_8))
            .toList();
  }
}
