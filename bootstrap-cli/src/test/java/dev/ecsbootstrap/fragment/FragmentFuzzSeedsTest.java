package dev.ecsbootstrap.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.ValidationCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fragment fuzz target replays every validation corpus case in regression mode: its seed
 * directory {@code corpus/} holds each case byte for byte and nothing else. Read from the source
 * tree, where {@code .ci/sync-fuzz-seeds} writes, not from the classpath copy, which keeps files
 * deleted since the last clean.
 */
class FragmentFuzzSeedsTest {
  private static final String METHOD = "parsesAnyBytes";
  private static final Path SEEDS =
      Path.of(
          "src/test/resources/dev/ecsbootstrap/fragment/FragmentFuzzTestInputs", METHOD, "corpus");
  private static final String FIX = "; run .ci/sync-fuzz-seeds and commit what it changes";

  @Test
  void seedDirectoryBelongsToTheFuzzTest() throws NoSuchMethodException {
    assertThat(FragmentFuzzTest.class.getDeclaredMethod(METHOD, byte[].class)).isNotNull();
    assertThat(SEEDS).isDirectory();
  }

  @Test
  void everyCorpusCaseIsASeed() {
    List<String> missing =
        ValidationCorpus.cases().stream()
            .filter(corpusCase -> !isSeed(corpusCase))
            .map(ValidationCorpus.Case::name)
            .toList();

    assertThat(missing)
        .as("corpus cases that %s does not hold byte for byte%s", SEEDS, FIX)
        .isEmpty();
  }

  @Test
  void everySeedIsACorpusCase() throws IOException {
    Set<String> cases =
        ValidationCorpus.cases().stream()
            .map(corpusCase -> corpusCase.name() + ".env")
            .collect(Collectors.toSet());
    List<String> stale;
    try (Stream<Path> files = Files.walk(SEEDS)) {
      stale =
          files
              .filter(Files::isRegularFile)
              .map(file -> SEEDS.relativize(file).toString().replace('\\', '/'))
              .filter(name -> !cases.contains(name))
              .sorted()
              .toList();
    }

    assertThat(stale).as("seeds in %s of no corpus case%s", SEEDS, FIX).isEmpty();
  }

  private static boolean isSeed(ValidationCorpus.Case corpusCase) {
    Path seed = SEEDS.resolve(corpusCase.name() + ".env");
    try {
      return Files.isRegularFile(seed)
          && Arrays.equals(Files.readAllBytes(seed), corpusCase.content());
    } catch (IOException e) {
      return false;
    }
  }
}
