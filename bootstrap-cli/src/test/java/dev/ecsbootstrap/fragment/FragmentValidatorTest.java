package dev.ecsbootstrap.fragment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Severity;
import dev.ecsbootstrap.testing.Canary;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the validation corpus ({@code dev.ecsbootstrap.testing.ValidationCorpus}, run through {@code
 * validate} by {@code ValidateCorpusTest}) cannot say. Every rule that a fragment file can show is
 * a corpus case, not a case here; what is left is the API (the {@link Fragment} that {@link
 * FragmentValidator#parse} returns and the exception it throws), messages checked against the
 * {@link Canary}, whose quote and backslash the corpus password lacks, exact messages where a
 * corpus message part could not tell a longer wrong message apart, and lines too large for a file.
 * Every assertion here is on the exact problem list.
 */
class FragmentValidatorTest {
  private static final String SOURCE = "s3://bucket/fragment.env";
  private static final String AUTH = Canary.auth();
  private static final String GOOD_DATA = "{\"registry.example.com\":{\"auth\":\"" + AUTH + "\"}}";

  static final String AROUND_EQUALS =
      "ECS_CLUSTER: whitespace around '=' (or a control character next to it); ecs-init keeps it in"
          + " the key or the value, systemd strips only space and tab there, docker --env-file"
          + " rejects a key with a space or tab and keeps the value as it is. Write KEY=VALUE";
  static final String SPACE_BEFORE_KEY =
      "KEY: white space other than space or tab before the key; ecs-init and docker --env-file"
          + " trim it, but systemd skips only space and tab and drops the setting for ecs-init's"
          + " own environment. Start the line with the key";
  static final String CONTROL_BEFORE_KEY =
      "KEY: control character before the key; ecs-init and docker --env-file keep it in the key,"
          + " so the agent never sees this setting, and systemd drops it. Start the line with the"
          + " key";
  static final String VALUE_ENDS_WITH_SPACE =
      "ECS_CLUSTER: value ends with whitespace; ecs-init trims Go's Unicode white space at the end"
          + " of a line, systemd only space and tab, docker --env-file nothing, so the readers"
          + " see different values";
  static final String CONTROL_IN_VALUE =
      "ECS_CLUSTER: control character in the value; ecs-init and docker --env-file pass it on as it"
          + " is (a NUL cuts the value short), which is never what a setting means. Remove it";
  static final String BLANK_LINE_WITH_OTHER_SPACE =
      "blank line with white space other than space or tab, or a control character; systemd reads"
          + " it as a line without '='. Leave it empty";

  static String dockercfg(String data) {
    return "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA=" + data + "\n";
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The problems of {@code fragment} as (severity, line, message), after checking for the canary.
   */
  static List<Tuple> problems(String fragment) {
    List<Problem> problems = FragmentValidator.check(utf8(fragment));
    for (Problem problem : problems) {
      for (String secret : Canary.forms()) {
        assertThat(problem.message())
            .as("problem message must not echo a secret")
            .doesNotContain(secret);
      }
    }
    return problems.stream()
        .map(problem -> tuple(problem.severity(), problem.line(), problem.message()))
        .toList();
  }

  static Tuple error(int line, String message) {
    return tuple(Severity.ERROR, line, message);
  }

  static Tuple warning(int line, String message) {
    return tuple(Severity.WARNING, line, message);
  }

  /**
   * Linux MAX_ARG_STRLEN is 131072 bytes and counts the terminating NUL, so a KEY=VALUE line (its
   * bytes, without the LF) may have at most 131071. Too large for a corpus file, so generated here.
   */
  @Nested
  class LineLength {
    private static final int LIMIT = FragmentValidator.MAX_LINE_BYTES;
    private static final String PREFIX = "ECS_INSTANCE_ATTRIBUTES={\"a\":\"";
    private static final String SUFFIX = "\"}";

    /** A valid ECS_INSTANCE_ATTRIBUTES line of exactly {@code bytes} bytes, all ASCII. */
    private static String attributesLine(int bytes) {
      return PREFIX + "x".repeat(bytes - PREFIX.length() - SUFFIX.length()) + SUFFIX;
    }

    private static String tooLong(int bytes) {
      return "line is "
          + bytes
          + " bytes; a KEY=VALUE must stay under 131072 bytes or the agent container cannot start";
    }

    @Test
    void acceptsALineOneByteUnderTheLimit() {
      assertThat(problems(attributesLine(LIMIT - 1) + "\n")).isEmpty();
    }

    @Test
    void rejectsALineOfExactlyTheLimit() {
      assertThat(problems(attributesLine(LIMIT) + "\n")).containsExactly(error(1, tooLong(LIMIT)));
    }

    @Test
    void rejectsALineOneByteOverTheLimitWithoutAFinalNewline() {
      assertThat(problems(attributesLine(LIMIT + 1))).containsExactly(error(1, tooLong(LIMIT + 1)));
    }

    @Test
    void countsBytesNotCharacters() {
      // 'é' is two bytes in UTF-8: the line has LIMIT bytes but far fewer characters.
      String line = PREFIX + "é".repeat((LIMIT - PREFIX.length() - SUFFIX.length()) / 2) + SUFFIX;
      assertThat(utf8(line)).hasSize(LIMIT);
      assertThat(line.length()).isLessThan(LIMIT);

      assertThat(problems(line + "\n")).containsExactly(error(1, tooLong(LIMIT)));
    }

    @Test
    void measuresEachLaterLineOnItsOwn() {
      // Two lines under the limit whose sum is over it: neither is too long.
      assertThat(
              problems(
                  "ECS_CLUSTER=prod\n"
                      + attributesLine(LIMIT - 1)
                      + "\nECS_CONTAINER_INSTANCE_TAGS={\"t\":\""
                      + "y".repeat(LIMIT / 2)
                      + "\"}\n"))
          .isEmpty();
    }

    @Test
    void reportsATooLongThirdLineOnItsLineAndKeepsChecking() {
      assertThat(
              problems(
                  "ECS_CLUSTER=prod\nECS_LOGLEVEL=info\n"
                      + attributesLine(LIMIT + 10)
                      + "\nECS_CLUSTER =prod\n"))
          .containsExactly(error(3, tooLong(LIMIT + 10)), error(4, AROUND_EQUALS));
    }

    @Test
    void aTooLongAuthDataLineDoesNotAlsoReportTheTypeAsAlone() {
      String data =
          "ECS_ENGINE_AUTH_DATA={\"r.example.com\":{\"auth\":\"" + "x".repeat(LIMIT) + "\"}}";

      assertThat(problems("ECS_ENGINE_AUTH_TYPE=dockercfg\n  " + data + "\n"))
          .containsExactly(error(2, tooLong(data.length() + 2)));
    }

    @Test
    void anAuthTypeLineThatIsNotUtf8DoesNotAlsoReportTheDataAsAlone() {
      byte[] fragment =
          utf8("\tECS_ENGINE_AUTH_TYPE=dockercfg\u00ff\nECS_ENGINE_AUTH_DATA=" + GOOD_DATA + "\n");
      fragment[31] = (byte) 0xff;
      fragment[32] = (byte) 0xff;

      assertThat(FragmentValidator.check(fragment))
          .extracting(Problem::severity, Problem::line, Problem::message)
          .containsExactly(
              tuple(Severity.ERROR, 1, "is not valid UTF-8; systemd would ignore the whole file"));
    }
  }

  /**
   * A message names only keys the agent knows, registry hosts and known fields: anything else may
   * be a secret written where a name was expected, so it is described by shape or position. The
   * corpus shows this with its password; these use the canary, whose quote, colon and backslash are
   * what an echo would most likely mangle, and whole messages, so nothing can be appended.
   */
  @Nested
  class MessagesNeverQuoteTheInput {
    @Test
    void describesACanaryWrittenAsAKeyByItsPlace() {
      assertThat(problems(Canary.SECRET + "=x\n"))
          .containsExactly(
              error(1, "a 24-character key at line 1, column 1: keys must match [A-Z_][A-Z0-9_]*"));
    }

    @Test
    void describesAnUnknownEcsKeyByItsLengthAndSuggestsNothingFarFromIt() {
      assertThat(problems("ECS_HUNTER2=x\n"))
          .containsExactly(
              warning(1, "an unknown ECS_ key of 11 characters: the ECS agent does not read it"));
    }

    @Test
    void namesCanaryRegistryKeysByPositionWhenTheWholeMapIsDecided() {
      // A path the prefix test never picks beside the bare host key, then path keys of one host
      // without a bare key and with different logins: both decided for the map, both by position.
      String canaryPath = "registry.example.com/" + Canary.jsonEscaped();
      assertThat(
              problems(
                  dockercfg(
                      "{\"registry.example.com\":{\"auth\":\""
                          + AUTH
                          + "\"},\""
                          + canaryPath
                          + "\":{\"auth\":\""
                          + AUTH
                          + "\"}}")))
          .extracting(tuple -> tuple.toList().get(2))
          .singleElement()
          .asString()
          .startsWith(
              "ECS_ENGINE_AUTH_DATA/registry #2: never used: beside the bare host key registry"
                  + " #1,");
      assertThat(
              problems(
                  "ECS_ENGINE_AUTH_TYPE=docker\nECS_ENGINE_AUTH_DATA={\"r.example.com/"
                      + Canary.jsonEscaped()
                      + "\":{\"username\":\"a\",\"password\":\"p\"},\"r.example.com/b\":"
                      + "{\"username\":\"b\",\"password\":\"p\"}}\n"))
          .extracting(tuple -> tuple.toList().get(2))
          .singleElement()
          .asString()
          .startsWith(
              "ECS_ENGINE_AUTH_DATA: several path-qualified keys share the host of registry #1,");
    }

    @Test
    void namesACanaryInARegistryKeyByItsPosition() {
      assertThat(
              problems(
                  dockercfg(
                      "{\"registry.example.com\":{\"auth\":\""
                          + AUTH
                          + "\"},\"deploy:"
                          + Canary.jsonEscaped()
                          + "@registry.example.com\":{\"auth\":\""
                          + AUTH
                          + "\"}}")))
          .containsExactly(
              error(
                  2,
                  "ECS_ENGINE_AUTH_DATA/registry #2: the agent compares hosts exactly and image"
                      + " hosts are lower case, so this key never matches; write the host in lower"
                      + " case (our policy: DNS ignores case, the agent does not)"));
    }

    @Test
    void givesTheColumnOfMalformedJsonNotItsText() {
      // "ECS_ENGINE_AUTH_DATA=" is 21 characters, so the JSON starts at column 22; the canary's
      // unescaped quote ends its string early, so column 69 (the "0" after it) is malformed.
      assertThat(
              problems(
                  dockercfg("{\"registry.example.com\":{\"auth\":\"" + Canary.SECRET + "\"}}")))
          .containsExactly(error(2, "malformed JSON at line 2, column 69"));
    }

    @Test
    void namesTheFieldWithAnUnpairedSurrogateNotItsText() {
      assertThat(
              problems(
                  "ECS_ENGINE_AUTH_TYPE=docker\nECS_ENGINE_AUTH_DATA={\"registry.example.com\":"
                      + "{\"username\":\"u\",\"password\":\""
                      + Canary.jsonEscaped()
                      + "\\udfff\"}}\n"))
          .containsExactly(
              error(
                  2,
                  "ECS_ENGINE_AUTH_DATA/registry #1/password: has an unpaired surrogate"
                      + " escape (a \\ud800-\\udfff without its pair); the agent decodes it as"
                      + " U+FFFD and sends a different value"));
    }

    @Test
    void namesAnElementThatStopsTheAgentByItsPosition() {
      assertThat(
              problems(
                  "ECS_AWSVPC_ADDITIONAL_LOCAL_ROUTES=[\"10.0.0.0/8\",\""
                      + Canary.jsonEscaped()
                      + "\"]\n"))
          .containsExactly(
              error(
                  1,
                  "ECS_AWSVPC_ADDITIONAL_LOCAL_ROUTES: element #2 is not a CIDR string that Go's"
                      + " net.ParseCIDR accepts (an IPv4 or IPv6 address, '/', a prefix length);"
                      + " the agent exits at start, and the instance drops out of the cluster"));
    }
  }

  @Nested
  class Parse {
    @Test
    void returnsSettingsInOrderWithRegistries() {
      Fragment fragment =
          FragmentValidator.parse(SOURCE, utf8("ECS_CLUSTER=prod\n" + dockercfg(GOOD_DATA)));

      assertThat(fragment.source()).isEqualTo(SOURCE);
      assertThat(fragment.settings())
          .extracting(Setting::key, Setting::line)
          .containsExactly(
              tuple("ECS_CLUSTER", 1),
              tuple("ECS_ENGINE_AUTH_TYPE", 2),
              tuple("ECS_ENGINE_AUTH_DATA", 3));
      assertThat(fragment.setting("ECS_ENGINE_AUTH_DATA").orElseThrow().value().reveal())
          .isEqualTo(GOOD_DATA);
      assertThat(fragment.warnings()).isEmpty();
      assertThat(fragment.registries()).containsExactly("registry.example.com");
      assertThat(fragment.toString()).doesNotContain(AUTH);
    }

    @Test
    void keepsWarningsOnTheFragment() {
      Fragment fragment = FragmentValidator.parse(SOURCE, utf8("ECS_CLUSTR=prod\n"));

      assertThat(fragment.settings()).extracting(Setting::key).containsExactly("ECS_CLUSTR");
      assertThat(fragment.warnings())
          .extracting(Problem::severity, Problem::line, Problem::message)
          .containsExactly(
              warning(
                  1,
                  "an unknown ECS_ key of 10 characters: the ECS agent does not read it; did you"
                      + " mean ECS_CLUSTER?"));
    }

    @Test
    void listsAPathQualifiedRegistryKeyByItsHostAndThePathsLength() {
      Fragment fragment =
          FragmentValidator.parse(
              SOURCE,
              utf8(
                  dockercfg(
                      "{\"registry.example.com\":{\"auth\":\""
                          + AUTH
                          + "\"},\"other.example.com/deploy:hunter2\":{\"auth\":\""
                          + AUTH
                          + "\"}}")));

      assertThat(fragment.registries())
          .containsExactly("registry.example.com", "other.example.com/[a path of 14 characters]");
    }

    @Test
    void throwsInvalidContentWithEveryProblem() {
      byte[] bad =
          utf8(
              "ECS_CLUSTER =x\nECS_ENGINE_AUTH_TYPE=Docker\nECS_ENGINE_AUTH_DATA={}\nECS_CLUSTR=y\n");

      assertThatThrownBy(() -> FragmentValidator.parse(SOURCE, bad))
          .isInstanceOfSatisfying(
              BootstrapException.class,
              e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
                assertThat(e.source()).isEqualTo(SOURCE);
                assertThat(e.problems())
                    .extracting(Problem::severity, Problem::line, Problem::message)
                    .containsExactly(
                        error(1, AROUND_EQUALS),
                        warning(
                            4,
                            "an unknown ECS_ key of 10 characters: the ECS agent does not read it;"
                                + " did you mean ECS_CLUSTER?"),
                        error(
                            2,
                            "ECS_ENGINE_AUTH_TYPE: must be exactly 'docker' or 'dockercfg' (it is"
                                + " case-sensitive: write 'docker')"));
                assertThat(e.getMessage()).isEqualTo(SOURCE + ": 2 errors; nothing was written");
              });
    }

    @Test
    void rendersProblemsCompilerStyle() {
      assertThat(Problem.error(3, "bad").render(SOURCE)).isEqualTo(SOURCE + ":3: error: bad");
      assertThat(Problem.warning(0, "odd").render(SOURCE)).isEqualTo(SOURCE + ": warning: odd");
    }
  }

  /**
   * White space is Go's (unicode.IsSpace, what ecs-init trims) or Java's, and control characters
   * are Unicode Cc: each of them, not a list of examples, around a key or a value is an error.
   */
  @Nested
  class WhiteSpaceAndControlCharacters {

    /** Go's white space, Java's and every control character, except LF and CR (line structure). */
    static IntStream spaceOrControl() {
      return IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
          .filter(
              c ->
                  GoWhiteSpace.isSpace(c)
                      || Character.isWhitespace(c)
                      || Character.getType(c) == Character.CONTROL)
          .filter(c -> c != '\n' && c != '\r');
    }

    static IntStream spaceOrControlButSpaceAndTab() {
      return spaceOrControl().filter(c -> c != ' ' && c != '\t');
    }

    static IntStream controlButTabLfCr() {
      return spaceOrControl()
          .filter(c -> Character.getType(c) == Character.CONTROL)
          .filter(c -> c != '\t');
    }

    private static String hex(int codePoint) {
      return String.format("U+%04X", codePoint);
    }

    private static List<Tuple> problemsWith(String before, int codePoint, String after) {
      return problems(before + Character.toString(codePoint) + after);
    }

    @ParameterizedTest(name = "code point {0}")
    @MethodSource("spaceOrControlButSpaceAndTab")
    void rejectsAnythingButSpaceAndTabBeforeAKey(int codePoint) {
      List<Tuple> problems = problemsWith("", codePoint, "ECS_CLUSTER=prod\n");

      assertThat(problems).as(hex(codePoint)).hasSize(1);
      assertThat(problems.get(0).toList()).as(hex(codePoint)).startsWith(Severity.ERROR, 1);
      assertThat((String) problems.get(0).toList().get(2))
          .as(hex(codePoint))
          .startsWith("ECS_CLUSTER: ")
          .contains("before the key");
    }

    @Test
    void acceptsSpacesAndTabsBeforeAKey() {
      assertThat(problems(" \t \tECS_CLUSTER=prod\n")).isEmpty();
    }

    @Test
    void saysGoTrimsAUnicodeSpaceBeforeAKeyAndSystemdDropsTheLine() {
      assertThat(problems("\u00a0ECS_CLUSTER=prod\n"))
          .containsExactly(error(1, SPACE_BEFORE_KEY.replace("KEY", "ECS_CLUSTER")));
    }

    @Test
    void saysEcsInitKeepsAControlCharacterBeforeAKeyInTheKey() {
      // Java's strip() removes U+001F; Go does not, so ecs-init sets a key "\u001fECS_..." and the
      // agent's auth is silently off. The data line is fine and is not blamed for the missing type.
      assertThat(
              problems("\u001fECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA=" + GOOD_DATA))
          .containsExactly(error(1, CONTROL_BEFORE_KEY.replace("KEY", "ECS_ENGINE_AUTH_TYPE")));
    }

    @ParameterizedTest(name = "code point {0}")
    @MethodSource("spaceOrControl")
    void rejectsWhiteSpaceOrAControlCharacterBeforeTheEqualsSign(int codePoint) {
      assertThat(problemsWith("ECS_CLUSTER", codePoint, "=prod\n"))
          .as(hex(codePoint))
          .containsExactly(error(1, AROUND_EQUALS));
    }

    @ParameterizedTest(name = "code point {0}")
    @MethodSource("spaceOrControl")
    void rejectsWhiteSpaceOrAControlCharacterAfterTheEqualsSign(int codePoint) {
      assertThat(problemsWith("ECS_CLUSTER=", codePoint, "prod\n"))
          .as(hex(codePoint))
          .containsExactly(error(1, AROUND_EQUALS));
    }

    @ParameterizedTest(name = "code point {0}")
    @MethodSource("spaceOrControl")
    void rejectsWhiteSpaceOrAControlCharacterAtTheEndOfAValue(int codePoint) {
      List<Tuple> problems = problemsWith("ECS_CLUSTER=prod", codePoint, "\n");

      assertThat(problems)
          .as(hex(codePoint))
          .containsExactly(
              error(1, GoWhiteSpace.isSpace(codePoint) ? VALUE_ENDS_WITH_SPACE : CONTROL_IN_VALUE));
    }

    @ParameterizedTest(name = "code point {0}")
    @MethodSource("controlButTabLfCr")
    void rejectsAControlCharacterInsideAValue(int codePoint) {
      assertThat(problemsWith("ECS_CLUSTER=pr", codePoint, "od\n"))
          .as(hex(codePoint))
          .containsExactly(error(1, CONTROL_IN_VALUE));
      assertThat(problemsWith("ECS_INSTANCE_ATTRIBUTES={\"a\":", codePoint, "\"b\"}\n"))
          .as(hex(codePoint))
          .containsExactly(
              error(1, CONTROL_IN_VALUE.replace("ECS_CLUSTER", "ECS_INSTANCE_ATTRIBUTES")));
    }

    @Test
    void rejectsATabInsideAPlainValueButNotBetweenJsonTokens() {
      assertThat(problems("ECS_CLUSTER=pr\tod\n")).containsExactly(error(1, CONTROL_IN_VALUE));
      assertThat(problems("ECS_INSTANCE_ATTRIBUTES={\"a\":\t\"b c\"}\n")).isEmpty();
    }

    @Test
    void givesAUnicodeSpaceAfterTheAuthTypeTheWhiteSpaceErrorNotTheTypeError() {
      // Go trims U+00A0, so the agent would even read "docker"; docker --env-file would not.
      assertThat(
              problems("ECS_ENGINE_AUTH_TYPE=dockercfg\u00a0\nECS_ENGINE_AUTH_DATA=" + GOOD_DATA))
          .containsExactly(
              error(1, VALUE_ENDS_WITH_SPACE.replace("ECS_CLUSTER", "ECS_ENGINE_AUTH_TYPE")));
    }

    @Test
    void rejectsABlankLineOfOtherWhiteSpaceButNotOneOfSpacesAndTabs() {
      assertThat(problems("ECS_CLUSTER=prod\n \t\n")).isEmpty();
      assertThat(problems("ECS_CLUSTER=prod\n\u3000\n"))
          .containsExactly(error(2, BLANK_LINE_WITH_OTHER_SPACE));
    }

    @Test
    void seesASecondSettingOrAnInlineCommentAfterAnyWhiteSpaceGoTrims() {
      assertThat(problems("ECS_LOGLEVEL=info\u00a0ECS_CLUSTER=prod\n"))
          .containsExactly(
              error(
                  1,
                  "ECS_LOGLEVEL: looks like two settings on one line; ecs-init reads them as one"
                      + " value. Put each KEY=VALUE on its own line"));
      assertThat(problems("ECS_LOGLEVEL=info\u3000# note\n"))
          .containsExactly(
              error(
                  1,
                  "ECS_LOGLEVEL: '#' after the value is part of the value for ecs-init, not a"
                      + " comment. Put comments on their own line"));
    }

    @Test
    void leavesCommentsAlone() {
      assertThat(problems("# a\u00a0comment\u001f with\tcontrols\nECS_CLUSTER=prod\n")).isEmpty();
    }
  }
}
