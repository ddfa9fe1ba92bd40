package dev.ecsbootstrap.fragment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Severity;
import dev.ecsbootstrap.testing.Canary;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of ecs-agent-semantics.md section 6, each with a failing and a passing case. */
class FragmentValidatorTest {
  private static final String SOURCE = "s3://bucket/fragment.env";
  private static final String AUTH = b64("user:" + Canary.SECRET);
  private static final String GOOD_DATA = "{\"registry.example.com\":{\"auth\":\"" + AUTH + "\"}}";

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static String dockercfg(String data) {
    return "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA=" + data + "\n";
  }

  static String docker(String data) {
    return "ECS_ENGINE_AUTH_TYPE=docker\nECS_ENGINE_AUTH_DATA=" + data + "\n";
  }

  static List<Problem> check(String fragment) {
    return check(fragment.getBytes(StandardCharsets.UTF_8));
  }

  static List<Problem> check(byte[] fragment) {
    List<Problem> problems = FragmentValidator.check(fragment);
    for (Problem problem : problems) {
      for (String secret : Canary.forms()) {
        assertThat(problem.message())
            .as("problem message must not echo a secret")
            .doesNotContain(secret);
      }
    }
    return problems;
  }

  static Arguments error(String name, String fragment, int line, String messagePart) {
    return Arguments.of(name, fragment, line, messagePart);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        error("line without '='", "ECS_CLUSTER=prod\nnot a setting\n", 2, "is not KEY=VALUE"),
        error(
            "lower-case key",
            "ecs_cluster=prod\n",
            1,
            "ECS_CLUSTER (spelled in another case): keys must match [A-Z_][A-Z0-9_]*"),
        error(
            "key with a dash",
            "ECS-CLUSTER=prod\n",
            1,
            "the key on this line: keys must match [A-Z_][A-Z0-9_]*"),
        error(
            "lower-case auth key",
            "ecs_engine_auth_type=docker\n",
            1,
            "ECS_ENGINE_AUTH_TYPE (spelled in another case): the agent reads only"
                + " ECS_ENGINE_AUTH_TYPE"),
        error("space before '='", "ECS_CLUSTER =prod\n", 1, "whitespace around '='"),
        error("space after '='", "ECS_CLUSTER= prod\n", 1, "whitespace around '='"),
        error("tab before '='", "ECS_CLUSTER\t=prod\n", 1, "whitespace around '='"),
        error("export prefix", "export ECS_CLUSTER=prod\n", 1, "'export'"),
        error("empty key", "=prod\n", 1, "empty key"),
        error("double-quoted value", "ECS_CLUSTER=\"prod\"\n", 1, "starts with a quote"),
        error(
            "single-quoted JSON",
            "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA='" + GOOD_DATA + "'\n",
            2,
            "starts with a quote"),
        error("trailing whitespace", "ECS_CLUSTER=prod \n", 1, "ends with whitespace"),
        error("backslash in a plain value", "ECS_CLUSTER=pr\\od\n", 1, "backslash"),
        error(
            "inline comment",
            "ECS_ENGINE_AUTH_TYPE=docker # the type\nECS_ENGINE_AUTH_DATA={}\n",
            1,
            "is part of the value"),
        error("key set twice", "ECS_CLUSTER=a\nECS_CLUSTER=b\n", 2, "first on line 1"),
        error(
            "both auth variables on one line",
            "ECS_ENGINE_AUTH_TYPE=dockercfg ECS_ENGINE_AUTH_DATA=" + GOOD_DATA + "\n",
            1,
            "two settings on one line"),
        error(
            "data without type",
            "ECS_ENGINE_AUTH_DATA=" + GOOD_DATA + "\n",
            1,
            "without ECS_ENGINE_AUTH_TYPE"),
        error(
            "type without data",
            "ECS_ENGINE_AUTH_TYPE=dockercfg\n",
            1,
            "without ECS_ENGINE_AUTH_DATA"),
        error(
            "type in the wrong case",
            "ECS_ENGINE_AUTH_TYPE=Docker\nECS_ENGINE_AUTH_DATA={}\n",
            1,
            "write 'docker'"),
        error(
            "unknown type",
            "ECS_ENGINE_AUTH_TYPE=dockerconfigjson\nECS_ENGINE_AUTH_DATA={}\n",
            1,
            "exactly 'docker' or 'dockercfg'"),
        error("data is an array", dockercfg("[]"), 2, "must be a JSON object"),
        error(
            "data is truncated JSON",
            dockercfg("{\"registry.example.com\":{\"auth\":\"" + AUTH + "\""),
            2,
            "malformed JSON at line 2"),
        error(
            "data spread over lines",
            dockercfg("{\n\"registry.example.com\":{}}"),
            3,
            "is not KEY=VALUE"),
        error("junk after the object", dockercfg(GOOD_DATA + "x"), 2, "malformed JSON at line 2"),
        error(
            "second JSON value after the object",
            dockercfg(GOOD_DATA + "{}"),
            2,
            "unexpected content after"),
        error(
            "duplicate registry key",
            dockercfg(
                "{\"r.io\":{\"auth\":\"" + AUTH + "\"},\"r.io\":{\"auth\":\"" + AUTH + "\"}}"),
            2,
            "appears twice"),
        error(
            "auths wrapper",
            dockercfg("{\"auths\":" + GOOD_DATA + "}"),
            2,
            "use the object inside \"auths\""),
        error(
            "entry is a string",
            dockercfg("{\"registry.example.com\":\"" + AUTH + "\"}"),
            2,
            "must be an object"),
        error(
            "entry is null", dockercfg("{\"registry.example.com\":null}"), 2, "must be an object"),
        error(
            "docker entry without username",
            docker("{\"r.example.com\":{\"password\":\"" + Canary.jsonEscaped() + "\"}}"),
            2,
            "missing 'username'"),
        error(
            "docker entry without password",
            docker("{\"r.example.com\":{\"username\":\"u\"}}"),
            2,
            "missing 'password'"),
        error(
            "docker entry with empty username",
            docker("{\"r.example.com\":{\"username\":\"\",\"password\":\"p\"}}"),
            2,
            "username: must not be empty"),
        error(
            "docker entry with only auth",
            docker("{\"r.example.com\":{\"auth\":\"" + AUTH + "\"}}"),
            2,
            "never decodes 'auth'"),
        error(
            "docker field of the wrong type",
            docker("{\"r.example.com\":{\"username\":\"u\",\"password\":5}}"),
            2,
            "must be a string"),
        error(
            "docker field given twice in two cases",
            docker(
                "{\"r.example.com\":{\"username\":\"u\",\"Username\":\"v\",\"password\":\"p\"}}"),
            2,
            "field given twice"),
        error(
            "dockercfg entry without auth",
            dockercfg("{\"r.example.com\":{\"email\":\"a@b.c\"}}"),
            2,
            "missing 'auth'"),
        error(
            "dockercfg auth not base64",
            dockercfg("{\"r.example.com\":{\"auth\":\"not base64!\"}}"),
            2,
            "not padded standard base64"),
        error(
            "dockercfg auth unpadded",
            dockercfg("{\"r.example.com\":{\"auth\":\"" + b64("user:pw").replace("=", "") + "\"}}"),
            2,
            "not padded standard base64"),
        error(
            "dockercfg auth url-safe alphabet",
            dockercfg("{\"r.example.com\":{\"auth\":\"dXNlcjpw-_8=\"}}"),
            2,
            "not padded standard base64"),
        error(
            "dockercfg auth without colon",
            dockercfg("{\"r.example.com\":{\"auth\":\"" + b64("userpassword") + "\"}}"),
            2,
            "no ':'"),
        error(
            "dockercfg auth with empty user",
            dockercfg("{\"r.example.com\":{\"auth\":\"" + b64(":password") + "\"}}"),
            2,
            "user name before ':' is empty"),
        error(
            "upper-case scheme",
            dockercfg("{\"HTTPS://r.example.com\":{\"auth\":\"" + AUTH + "\"}}"),
            2,
            "ECS_ENGINE_AUTH_DATA/registry #1: the agent strips only a lower-case http:// or"
                + " https://"),
        error(
            "upper-case host",
            dockercfg("{\"Registry.Example.com\":{\"auth\":\"" + AUTH + "\"}}"),
            2,
            "ECS_ENGINE_AUTH_DATA/registry #1: the agent compares hosts exactly"),
        error(
            "docker.io key",
            dockercfg("{\"docker.io\":{\"auth\":\"" + AUTH + "\"}}"),
            2,
            "https://index.docker.io/v1/"),
        error(
            "index.docker.io without /v1/",
            dockercfg("{\"https://index.docker.io\":{\"auth\":\"" + AUTH + "\"}}"),
            2,
            "https://index.docker.io/v1/"),
        error(
            "index.docker.io/v1 without slash",
            dockercfg("{\"https://index.docker.io/v1\":{\"auth\":\"" + AUTH + "\"}}"),
            2,
            "https://index.docker.io/v1/"),
        error(
            "registry-1.docker.io",
            dockercfg("{\"registry-1.docker.io\":{\"auth\":\"" + AUTH + "\"}}"),
            2,
            "https://index.docker.io/v1/"),
        error(
            "keys differing only by scheme",
            dockercfg(
                "{\"https://r.example.com\":{\"auth\":\""
                    + AUTH
                    + "\"},\"r.example.com\":{\"auth\":\""
                    + AUTH
                    + "\"}}"),
            2,
            "ECS_ENGINE_AUTH_DATA/r.example.com: names the same registry as"
                + " https://r.example.com once"),
        error(
            "carriage return inside a line",
            "ECS_CLUSTER=a\rECS_LOGLEVEL=debug\n",
            1,
            "carriage return"),
        error("nothing set", "# only a comment\n\n", 0, "sets no KEY=VALUE"),
        error(
            "invalid JSON in a JSON-valued key",
            "ECS_INSTANCE_ATTRIBUTES={\"a\":}\n",
            1,
            "is not valid JSON"),
        error(
            "two JSON values in a JSON-valued key",
            "ECS_CONTAINER_INSTANCE_TAGS={} {}\n",
            1,
            "unexpected content after the JSON value"),
        error(
            "backslash in JSON that systemd reads",
            "ECS_LOG_OPTS={\"a\":\"b\\\\c\"}\n",
            1,
            "systemd unescapes it"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void rejects(String name, String fragment, int line, String messagePart) {
    List<Problem> problems = check(fragment);

    assertThat(problems)
        .as("problems of %s", name)
        .anySatisfy(
            problem -> {
              assertThat(problem.isError()).isTrue();
              assertThat(problem.line()).isEqualTo(line);
              assertThat(problem.message()).contains(messagePart);
            });
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("dockercfg", dockercfg(GOOD_DATA)),
        Arguments.of(
            "dockercfg with email",
            dockercfg(
                "{\"r.example.com\":{\"auth\":\"" + AUTH + "\",\"email\":\"ops@example.com\"}}")),
        Arguments.of(
            "docker with a quote and backslash in the password",
            docker(
                "{\"r.example.com\":{\"username\":\"u\",\"password\":\""
                    + Canary.jsonEscaped()
                    + "\"}}")),
        Arguments.of(
            "password with ':' in dockercfg",
            dockercfg("{\"r.example.com\":{\"auth\":\"" + b64("user:pa:ss") + "\"}}")),
        Arguments.of(
            "Docker Hub canonical key",
            dockercfg("{\"https://index.docker.io/v1/\":{\"auth\":\"" + AUTH + "\"}}")),
        Arguments.of(
            "Docker Hub key without scheme",
            dockercfg("{\"index.docker.io/v1/\":{\"auth\":\"" + AUTH + "\"}}")),
        Arguments.of(
            "registry with a port",
            dockercfg("{\"r.example.com:5000\":{\"auth\":\"" + AUTH + "\"}}")),
        Arguments.of("comments and blank lines", "# registry auth\n\n" + dockercfg(GOOD_DATA)),
        Arguments.of("leading whitespace", "  ECS_CLUSTER=prod\n"),
        Arguments.of("no final newline", "ECS_CLUSTER=prod"),
        Arguments.of("'=' inside a value", "ECS_INSTANCE_ATTRIBUTES={\"a\":\"b=c\"}\n"),
        Arguments.of(
            "JSON value with spaces, '=', '#' and an escape",
            "ECS_INSTANCE_ATTRIBUTES={\"team\": \"a b=c #d\", \"path\": \"C:\\\\x\"}\n"),
        Arguments.of("other keys beside auth", "ECS_CLUSTER=prod\n" + dockercfg(GOOD_DATA)),
        Arguments.of(
            "JSON with spaces",
            dockercfg("{ \"r.example.com\" : { \"auth\" : \"" + AUTH + "\" } }")),
        Arguments.of(
            "two path keys and the bare host",
            dockercfg(
                "{\"r.io\":{\"auth\":\""
                    + AUTH
                    + "\"},\"r.io/a\":{\"auth\":\""
                    + AUTH
                    + "\"},\"r.io/b\":{\"auth\":\""
                    + AUTH
                    + "\"}}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void accepts(String name, String fragment) {
    assertThat(check(fragment)).filteredOn(Problem::isError).as(name).isEmpty();
  }

  @Nested
  class Warnings {
    static Stream<Arguments> warnings() {
      return Stream.of(
          Arguments.of(
              "unknown ECS key with a suggestion",
              "ECS_CLUSTR=prod\n",
              1,
              "an unknown ECS_ key of 10 characters: the ECS agent does not read it; did you mean"
                  + " ECS_CLUSTER?"),
          Arguments.of(
              "key ecs-init sets itself", "ECS_DATADIR=/data\n", 1, "ecs-init sets this itself"),
          Arguments.of(
              "comment containing '='",
              "#ECS_CLUSTER=old\nECS_CLUSTER=prod\n",
              1,
              "comment contains '='"),
          Arguments.of("CRLF line endings", "ECS_CLUSTER=prod\r\nECS_LOGLEVEL=info\r\n", 1, "CRLF"),
          Arguments.of(
              "field name in unusual case",
              docker("{\"r.example.com\":{\"Username\":\"u\",\"password\":\"p\"}}"),
              2,
              "ECS_ENGINE_AUTH_DATA/r.example.com/username (spelled in another case): the agent"
                  + " accepts it, but write 'username'"),
          Arguments.of(
              "empty password",
              docker("{\"r.example.com\":{\"username\":\"u\",\"password\":\"\"}}"),
              2,
              "password: is empty"),
          Arguments.of(
              "path keys without a bare host",
              dockercfg(
                  "{\"r.io/a\":{\"auth\":\""
                      + AUTH
                      + "\"},\"r.io/b\":{\"auth\":\""
                      + AUTH
                      + "\"}}"),
              2,
              "several path-qualified keys share the host of r.io/a and none is that bare host;"
                  + " the agent picks between them at random"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warnings")
    void warnsButAccepts(String name, String fragment, int line, String messagePart) {
      List<Problem> problems = check(fragment);

      assertThat(problems).filteredOn(Problem::isError).as(name).isEmpty();
      assertThat(problems)
          .anySatisfy(
              problem -> {
                assertThat(problem.severity()).isEqualTo(Severity.WARNING);
                assertThat(problem.line()).isEqualTo(line);
                assertThat(problem.message()).contains(messagePart);
              });
    }
  }

  /**
   * A message names only keys the agent knows, registry hosts and known fields: anything else may
   * be a secret written where a name was expected, so it is described by shape or position.
   */
  @Nested
  class MessagesNeverQuoteTheInput {
    @Test
    void describesAWrappedBase64LineByItsPlaceNotItsText() {
      // What `base64 -w 76` gives for a long user:password: the continuation line is "XXXX...=",
      // which reads as KEY=VALUE with the end of the secret as its key.
      String auth = Canary.auth(Canary.USERNAME, Canary.SECRET + "-" + "x".repeat(40));
      String continuation = auth.substring(76);
      assertThat(continuation).matches("[A-Za-z][A-Za-z0-9]*=");

      List<Problem> problems =
          check(
              "ECS_ENGINE_AUTH_TYPE=dockercfg\n"
                  + "ECS_ENGINE_AUTH_DATA={\"registry.example.com\":{\"auth\":\""
                  + auth.substring(0, 76)
                  + "\n"
                  + continuation
                  + "\"}}\n");

      assertThat(problems)
          .extracting(Problem::line, Problem::message)
          .containsExactlyInAnyOrder(
              Tuple.tuple(2, "malformed JSON at line 2, column 131"),
              Tuple.tuple(3, "the key on this line: keys must match [A-Z_][A-Z0-9_]*"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secretShapedKeys")
    void describesAKeyTheAgentDoesNotKnowByItsShape(String key, String expected) {
      List<Problem> problems = check(key + "=x\n");

      assertThat(problems).extracting(Problem::message).containsExactly(expected);
      assertThat(problems.get(0).message()).doesNotContain(key);
    }

    static Stream<Arguments> secretShapedKeys() {
      return Stream.of(
          Arguments.of("hunter2", "the key on this line: keys must match [A-Z_][A-Z0-9_]*"),
          Arguments.of(Canary.SECRET, "the key on this line: keys must match [A-Z_][A-Z0-9_]*"),
          Arguments.of(
              "ECS_HUNTER2",
              "an unknown ECS_ key of 11 characters: the ECS agent does not read it"));
    }

    @Test
    void namesARegistryKeyThatIsNotAHostByItsPosition() {
      List<Problem> problems =
          check(
              dockercfg(
                  "{\"registry.example.com\":{\"auth\":\""
                      + AUTH
                      + "\"},\"deploy:"
                      + Canary.jsonEscaped()
                      + "@registry.example.com\":{\"auth\":\""
                      + AUTH
                      + "\"},\"team registry\":{\"auth\":\"not base64!\"}}"));

      assertThat(problems)
          .extracting(Problem::message)
          .containsExactly(
              "ECS_ENGINE_AUTH_DATA/registry #2: the agent compares hosts exactly and image hosts"
                  + " are lower case, so this key never matches; write the host in lower case",
              "ECS_ENGINE_AUTH_DATA/registry #3/auth: is not padded standard base64");
    }

    @Test
    void listsARegistryKeyThatIsNotAHostByItsPosition() {
      Fragment fragment =
          FragmentValidator.parse(
              SOURCE,
              dockercfg(
                      "{\"registry.example.com\":{\"auth\":\""
                          + AUTH
                          + "\"},\"deploy:hunter2@registry.example.com\":{\"auth\":\""
                          + AUTH
                          + "\"}}")
                  .getBytes(StandardCharsets.UTF_8));

      assertThat(fragment.registries()).containsExactly("registry.example.com", "#2");
    }
  }

  @Nested
  class Encoding {
    @Test
    void rejectsByteOrderMark() {
      byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
      byte[] fragment = concat(bom, "ECS_CLUSTER=prod\n".getBytes(StandardCharsets.UTF_8));

      assertThat(check(fragment))
          .anySatisfy(
              problem -> {
                assertThat(problem.line()).isEqualTo(1);
                assertThat(problem.message()).contains("byte-order mark");
              });
    }

    @Test
    void rejectsInvalidUtf8OnItsLine() {
      byte[] fragment =
          concat(
              "ECS_CLUSTER=prod\nECS_LOGLEVEL=".getBytes(StandardCharsets.UTF_8),
              new byte[] {(byte) 0xC3, (byte) 0x28, '\n'});

      assertThat(check(fragment))
          .anySatisfy(
              problem -> {
                assertThat(problem.line()).isEqualTo(2);
                assertThat(problem.message()).contains("not valid UTF-8");
              });
    }

    @Test
    void rejectsLinesOverTheEnvironmentLimit() {
      String fragment =
          "ECS_INSTANCE_ATTRIBUTES=" + "a".repeat(FragmentValidator.MAX_LINE_BYTES) + "\n";

      assertThat(check(fragment))
          .anySatisfy(problem -> assertThat(problem.message()).contains("must stay under"));
    }

    @Test
    void reportsTheColumnOfMalformedJsonOnTheFileLine() {
      // "ECS_ENGINE_AUTH_DATA=" is 21 characters, so the JSON starts at column 22; the bad token is
      // its 2nd char.
      List<Problem> problems = check(dockercfg("{x}"));

      assertThat(problems)
          .anySatisfy(
              problem ->
                  assertThat(problem.message()).isEqualTo("malformed JSON at line 2, column 23"));
    }

    private byte[] concat(byte[] a, byte[] b) {
      byte[] joined = new byte[a.length + b.length];
      System.arraycopy(a, 0, joined, 0, a.length);
      System.arraycopy(b, 0, joined, a.length, b.length);
      return joined;
    }
  }

  @Nested
  class Parse {
    @Test
    void returnsSettingsInOrderWithRegistries() {
      Fragment fragment =
          FragmentValidator.parse(
              SOURCE,
              ("ECS_CLUSTER=prod\n" + dockercfg(GOOD_DATA)).getBytes(StandardCharsets.UTF_8));

      assertThat(fragment.settings())
          .extracting(Setting::key)
          .containsExactly("ECS_CLUSTER", "ECS_ENGINE_AUTH_TYPE", "ECS_ENGINE_AUTH_DATA");
      assertThat(fragment.settings()).extracting(Setting::line).containsExactly(1, 2, 3);
      assertThat(fragment.registries()).containsExactly("registry.example.com");
      assertThat(fragment.toString()).doesNotContain(AUTH);
    }

    @Test
    void throwsInvalidContentWithEveryProblem() {
      byte[] bad =
          "ECS_CLUSTER =x\nECS_ENGINE_AUTH_TYPE=Docker\nECS_ENGINE_AUTH_DATA={}\nECS_CLUSTR=y\n"
              .getBytes(StandardCharsets.UTF_8);

      assertThatThrownBy(() -> FragmentValidator.parse(SOURCE, bad))
          .isInstanceOfSatisfying(
              BootstrapException.class,
              e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
                assertThat(e.source()).isEqualTo(SOURCE);
                assertThat(e.problems()).extracting(Problem::line).contains(1, 2, 4);
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
