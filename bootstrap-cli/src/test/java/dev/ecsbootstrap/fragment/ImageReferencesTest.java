package dev.ecsbootstrap.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The edges of Docker's reference grammar after the host (distribution/reference regexp.go and
 * go-digest), one per rule; {@link RegistryKeyReachabilityTest} covers the combinations.
 */
class ImageReferencesTest {
  private static final String HEX64 = "0123456789abcdef".repeat(4);

  @ParameterizedTest(name = "\"{0}\" starts a reference: {1}")
  @CsvSource({
    "'', true",
    "/, true",
    "/app, true",
    "/team/app, true",
    "/a.b_c__d-e---f, true",
    "/a-, true",
    "/a__, true",
    "/App, false",
    "/a___b, false",
    "/a._b, false",
    "/.a, false",
    "//a, false",
    "app, false",
    ":5000/app, false",
    "/app:, true",
    "/app:V1.2_x-y, true",
    "/app:-x, false",
    "/app:x@, true",
    "/app@, true",
    "/app@sha256:, true",
    "/app@md5:, false",
    "/app@SHA256:, false",
    "/app?x, false",
    "/app x, false",
    // The ends of each character range a path or a tag may use.
    "/a, true",
    "/z, true",
    "/0, true",
    "/9, true",
    "/`, false",
    "/{, false",
    "/app:a, true",
    "/app:z, true",
    "/app:A, true",
    "/app:Z, true",
    "/app:0, true",
    "/app:9, true",
    "/app:_, true",
  })
  void decidesWhetherAReferenceCanStartWith(String afterHost, boolean possible) {
    assertThat(ImageReferences.existsStartingWith(afterHost, List.of())).isEqualTo(possible);
  }

  @Test
  void countsTheDigestsHexDigits() {
    assertThat(ImageReferences.existsStartingWith("/app@sha256:" + HEX64, List.of())).isTrue();
    assertThat(ImageReferences.existsStartingWith("/app@sha256:" + HEX64 + "0", List.of()))
        .isFalse();
    assertThat(ImageReferences.existsStartingWith("/app@sha256:" + HEX64.toUpperCase(), List.of()))
        .isFalse();
    assertThat(ImageReferences.existsStartingWith("/app@sha512:" + HEX64 + HEX64, List.of()))
        .isTrue();
  }

  @Test
  void takesEveryLowerCaseHexDigitInADigest() {
    for (String digit : List.of("0", "9", "a", "f")) {
      assertThat(ImageReferences.existsStartingWith("/app@sha256:" + digit.repeat(64), List.of()))
          .as(digit)
          .isTrue();
    }
    assertThat(ImageReferences.existsStartingWith("/app@sha256:g", List.of())).isFalse();
  }

  @Test
  void aBlockerEqualToTheTextBlocksIt() {
    assertThat(ImageReferences.existsStartingWith("/app", List.of("/app"))).isFalse();
  }

  @Test
  void aBlockerAsLongAsTheLongestReferenceStillBlocks() {
    String longest =
        "/"
            + "a".repeat(ImageReferences.MAX_PATH)
            + ":"
            + "t".repeat(ImageReferences.MAX_TAG)
            + "@sha512:"
            + "0".repeat(127);
    List<String> everyLastDigit = new ArrayList<>();
    for (char c : "0123456789abcdef".toCharArray()) {
      everyLastDigit.add(longest + c);
    }
    assertThat(ImageReferences.existsStartingWith(longest, everyLastDigit)).isFalse();
  }

  @Test
  void limitsThePathTo255CharactersAndTheTagTo128() {
    String path = "/" + "a".repeat(ImageReferences.MAX_PATH);
    assertThat(ImageReferences.existsStartingWith(path, List.of())).isTrue();
    assertThat(ImageReferences.existsStartingWith(path + "a", List.of())).isFalse();
    assertThat(ImageReferences.existsStartingWith(path + ":" + "t".repeat(128), List.of()))
        .isTrue();
    assertThat(ImageReferences.existsStartingWith(path + ":" + "t".repeat(129), List.of()))
        .isFalse();
  }

  @Test
  void findsAReferencePastBlockersUnlessTheyCoverEveryWayOn() {
    assertThat(ImageReferences.existsStartingWith("", List.of("/"))).isFalse();
    assertThat(ImageReferences.existsStartingWith("", List.of("/a", "/b"))).isTrue();
    List<String> everyFirstCharacter = new ArrayList<>();
    for (char c : "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray()) {
      everyFirstCharacter.add("/" + c);
    }
    assertThat(ImageReferences.existsStartingWith("", everyFirstCharacter)).isFalse();
    everyFirstCharacter.remove("/q");
    assertThat(ImageReferences.existsStartingWith("", everyFirstCharacter)).isTrue();
    // A blocker the text does not follow, or one longer than any reference, blocks nothing.
    assertThat(ImageReferences.existsStartingWith("/team", List.of("/other"))).isTrue();
    assertThat(ImageReferences.existsStartingWith("/a", List.of("/a" + "b".repeat(600)))).isTrue();
  }
}
