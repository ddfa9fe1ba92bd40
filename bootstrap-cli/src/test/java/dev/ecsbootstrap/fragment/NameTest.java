package dev.ecsbootstrap.fragment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.Name;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.testing.Canary;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a message may show of its input, with the vocabularies the validator uses: a key the agent
 * knows, a registry host, a known field; never anything else, the canary secret least of all.
 */
class NameTest {

  @Test
  void aKeyTheAgentDoesNotKnowNeverReachesAMessage() {
    Problem problem =
        Problem.error(
            1,
            "{}: keys must match [A-Z_][A-Z0-9_]*; {} and {} neither",
            EcsKeys.name(Canary.SECRET, 1, 3),
            EcsKeys.name("ECS_" + Canary.SECRET, 1, 3),
            EcsKeys.name(Canary.SECRET.toUpperCase(Locale.ROOT), 2, 0));

    assertThat(problem.message())
        .isEqualTo(
            "a 24-character key at line 1, column 3: keys must match [A-Z_][A-Z0-9_]*; an unknown"
                + " ECS_ key of 28 characters and a 24-character key at line 2 neither");
    for (String secret : Canary.forms()) {
      assertThat(problem.message()).doesNotContainIgnoringCase(secret);
    }
  }

  @Test
  void aRegistryKeyThatIsNotAHostNeverReachesAMessageOrAListing() {
    Problem problem =
        Problem.error(
            2,
            "ECS_ENGINE_AUTH_DATA/{}/{}: is not padded standard base64",
            Name.registry(3),
            Name.field(Canary.SECRET, AuthDataValidator.FIELD_NAMES));

    assertThat(problem.message())
        .isEqualTo(
            "ECS_ENGINE_AUTH_DATA/registry #3/an unknown field: is not padded standard base64");
    assertThat(RegistryNames.display(Canary.SECRET, 3)).isEqualTo("#3");
    assertThat(Name.registryOption(2)).hasToString("--registry #2");
    for (String secret : Canary.forms()) {
      assertThat(problem.message()).doesNotContain(secret);
    }
  }

  @Test
  void showsKeysTheAgentKnowsAndNamesOtherCasesByTheKnownSpelling() {
    assertThat(EcsKeys.name("ECS_CLUSTER", 1, 1)).hasToString("ECS_CLUSTER");
    assertThat(EcsKeys.name("Ecs_Cluster", 1, 1))
        .hasToString("ECS_CLUSTER (spelled in another case)");
    assertThat(EcsKeys.name("ECS_CLUSTR", 1, 1))
        .hasToString("an unknown ECS_ key of 10 characters");
    assertThat(EcsKeys.name("hunter2", 4, 2)).hasToString("a 7-character key at line 4, column 2");
  }

  @Test
  void showsKnownFieldsAndNamesOtherCasesInLowerCase() {
    assertThat(Name.field("username", AuthDataValidator.FIELD_NAMES)).hasToString("username");
    assertThat(Name.field("PassWord", AuthDataValidator.FIELD_NAMES))
        .hasToString("password (spelled in another case)");
    assertThat(Name.field("auths", AuthDataValidator.FIELD_NAMES)).hasToString("auths");
    assertThat(Name.field("token", AuthDataValidator.FIELD_NAMES)).hasToString("an unknown field");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "registry.example.com",
        "r.example.com:5000",
        "https://index.docker.io/v1/",
        "http://localhost:5000",
        "localhost",
        "registry:5000",
        "10.0.0.12:5000",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "[::1]:5000",
        "r.example.com/v2"
      })
  void listsRegistryHostsButNamesThemInMessagesByPosition(String key) {
    assertThat(RegistryNames.display(key, 4)).isEqualTo(key);
    assertThat(Name.registry(4)).hasToString("registry #4");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "hunter2",
        "deploy:hunter2@registry.example.com",
        "team registry",
        "Registry.Example.com",
        "HTTPS://r.example.com",
        "r.example.com:port",
        "ftp://r.example.com",
        "-r.example.com",
        ""
      })
  void listsAnythingElseByItsPosition(String key) {
    assertThat(RegistryNames.display(key, 4)).isEqualTo("#4");
  }

  /**
   * A path after the host is free text in Docker's grammar (a lower-case password fits it), so a
   * listing shows the host and only the path's length.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "r.io/team/app-1.2_x, r.io/[a path of 14 characters]",
    "https://registry.example.com/c4nary-pa55, https://registry.example.com/[a path of 11"
        + " characters]",
    "localhost:5000/hunter2/, localhost:5000/[a path of 8 characters]",
    "r.example.com/Team, r.example.com/[a path of 4 characters]"
  })
  void listsAPathQualifiedKeyByItsHostAndThePathsLength(String key, String shown) {
    assertThat(RegistryNames.display(key, 4)).isEqualTo(shown);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"7, 7", "131072, 131072"})
  void showsNumbers(long number, String shown) {
    assertThat(Name.number(number)).hasToString(shown);
  }

  @Test
  void aVocabularyShowsExactlyItsNames() {
    Name.Vocabulary vocabulary = Name.Vocabulary.of("username", "password");

    assertThat(vocabulary.names()).containsExactlyInAnyOrder("username", "password");
    assertThat(Name.field("password", vocabulary)).hasToString("password");
    assertThat(Name.field("Password", vocabulary))
        .hasToString("password (spelled in another case)");
    assertThat(Name.field("email", vocabulary)).hasToString("an unknown field");
  }

  @Test
  void refusesAVocabularyWhoseNamesDifferOnlyInCase() {
    // Otherwise "spelled in another case" could not name the one known spelling.
    assertThatThrownBy(() -> Name.Vocabulary.of("auth", "Auth"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("names differ only in case: Auth");
  }
}
