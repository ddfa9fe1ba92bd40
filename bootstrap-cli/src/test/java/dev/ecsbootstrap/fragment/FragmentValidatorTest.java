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
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

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
          .containsExactly(
              error(3, tooLong(LIMIT + 10)),
              error(
                  4,
                  "ECS_CLUSTER: whitespace around '='; ecs-init keeps it, so the key or the value is"
                      + " not what it looks like. Write KEY=VALUE"));
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
          .containsExactly(error(1, "the key on this line: keys must match [A-Z_][A-Z0-9_]*"));
    }

    @Test
    void describesAnUnknownEcsKeyByItsLengthAndSuggestsNothingFarFromIt() {
      assertThat(problems("ECS_HUNTER2=x\n"))
          .containsExactly(
              warning(1, "an unknown ECS_ key of 11 characters: the ECS agent does not read it"));
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
                  "ECS_ENGINE_AUTH_DATA/registry.example.com/password: has an unpaired surrogate"
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
    void listsARegistryKeyThatIsNotAHostByItsPosition() {
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

      assertThat(fragment.registries()).containsExactly("registry.example.com", "#2");
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
                        error(
                            1,
                            "ECS_CLUSTER: whitespace around '='; ecs-init keeps it, so the key or"
                                + " the value is not what it looks like. Write KEY=VALUE"),
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
}
