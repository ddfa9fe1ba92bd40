package dev.ecsbootstrap.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * GoWhiteSpace against Go itself: go-unicode-isspace.txt is the output of
 * src/test/go/gowhitespace/main.go (every code point for which Go's unicode.IsSpace is true), so
 * the build compares with Go's table without needing Go.
 */
class GoWhiteSpaceTest {

  @Test
  void agreesWithGosUnicodeIsSpaceOnEveryCodePoint() throws IOException {
    Set<Integer> go = goSpaces();

    List<String> disagreements = new ArrayList<>();
    for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
      if (GoWhiteSpace.isSpace(codePoint) != go.contains(codePoint)) {
        disagreements.add(String.format("U+%04X", codePoint));
      }
    }

    assertThat(go).hasSize(25);
    assertThat(disagreements).isEmpty();
  }

  @Test
  void isUnicodesWhiteSpacePropertyAsJavaRegexSpellsIt() {
    // Go's unicode.IsSpace is White_Space, so \p{IsWhite_Space} in a Pattern is the same set.
    Pattern whiteSpace = Pattern.compile("\\p{IsWhite_Space}");

    for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
      if (GoWhiteSpace.isSpace(codePoint)
          != whiteSpace.matcher(Character.toString(codePoint)).matches()) {
        assertThat(String.format("U+%04X", codePoint))
            .as("differs from \\p{IsWhite_Space}")
            .isNull();
      }
    }
  }

  @Test
  void trimsWhatGoTrimsAndNotWhatOnlyJavaStrips() {
    String goOnly = "\u0085\u00a0\u2007\u202f\u000b\f";
    String javaOnly = "\u001c\u001d\u001e\u001f";

    assertThat(GoWhiteSpace.trimTrailing(GoWhiteSpace.trimLeading(goOnly + " KEY=v\t" + goOnly)))
        .isEqualTo("KEY=v");
    assertThat(GoWhiteSpace.trimTrailing(GoWhiteSpace.trimLeading(javaOnly + "KEY=v" + javaOnly)))
        .isEqualTo(javaOnly + "KEY=v" + javaOnly);
    assertThat(GoWhiteSpace.trimLeading("\u3000KEY=v\u3000")).isEqualTo("KEY=v\u3000");
    assertThat(GoWhiteSpace.trimTrailing("\u3000KEY=v\u3000")).isEqualTo("\u3000KEY=v");
  }

  @Test
  void keepsSupplementaryCharactersWhole() {
    String emoji = "\ud83d\ude00";

    assertThat(GoWhiteSpace.trimTrailing(GoWhiteSpace.trimLeading(" " + emoji + " ")))
        .isEqualTo(emoji);
    assertThat(GoWhiteSpace.trimTrailing(GoWhiteSpace.trimLeading(""))).isEmpty();
    assertThat(GoWhiteSpace.trimTrailing(GoWhiteSpace.trimLeading(" \u2028 "))).isEmpty();
  }

  private static Set<Integer> goSpaces() throws IOException {
    try (InputStream in = GoWhiteSpaceTest.class.getResourceAsStream("go-unicode-isspace.txt")) {
      assertThat(in).as("go-unicode-isspace.txt on the test class path").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(line -> Integer.parseInt(line, 16))
          .collect(Collectors.toSet());
    }
  }
}
