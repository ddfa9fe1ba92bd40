package dev.ecsbootstrap.fragment;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class FragmentCombinerTest {
  private static final String AUTH = "dXNlcjpwYXNz";

  private static Fragment fragment(String source, String text) {
    return FragmentValidator.parse(source, text.getBytes(StandardCharsets.UTF_8));
  }

  private static Fragment dockercfg(String source, String registry) {
    return fragment(
        source,
        "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\""
            + registry
            + "\":{\"auth\":\""
            + AUTH
            + "\"}}\n");
  }

  @Test
  void mergesRegistryMapsOfTheSameType() {
    Fragment combined =
        FragmentCombiner.combine(
            List.of(
                dockercfg("s3://b/one", "a.example.com"),
                dockercfg("s3://b/two", "b.example.com")));

    assertThat(combined.registries()).containsExactly("a.example.com", "b.example.com");
    assertThat(authData(combined))
        .isEqualTo(
            "{\"a.example.com\":{\"auth\":\""
                + AUTH
                + "\"},\"b.example.com\":{\"auth\":\""
                + AUTH
                + "\"}}");
    assertThat(problemsOfRendered(combined)).isEmpty();
  }

  @Test
  void returnsASingleFragmentAsItIs() {
    Fragment only = dockercfg("s3://b/one", "a.example.com");

    assertThat(FragmentCombiner.combine(List.of(only))).isSameAs(only);
  }

  @Test
  void keepsTheOnlyAuthDataAsWrittenWhenTheOtherFragmentsSetOtherKeys() {
    String data =
        "{ \"a.example.com\" : { \"auth\" : \"" + AUTH + "\", \"email\": \"\\u0061@b.c\" } }";
    Fragment auth =
        fragment(
            "s3://b/auth", "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA=" + data + "\n");
    Fragment cluster = fragment("--cluster", "ECS_CLUSTER=prod\n");

    Fragment combined = FragmentCombiner.combine(List.of(cluster, auth));

    assertThat(authData(combined)).isEqualTo(data);
    assertThat(combined.registries()).containsExactly("a.example.com");
    assertThat(combined.settings())
        .extracting(Setting::key)
        .containsExactly("ECS_CLUSTER", "ECS_ENGINE_AUTH_TYPE", "ECS_ENGINE_AUTH_DATA");
    assertThat(problemsOfRendered(combined)).isEmpty();
  }

  @Test
  void rejectsARegistryInBothFragments() {
    assertThatThrownBy(
            () ->
                FragmentCombiner.combine(
                    List.of(
                        dockercfg("s3://b/one", "a.example.com"),
                        dockercfg("s3://b/two", "a.example.com"))))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            invalidAtLine2Of(
                "s3://b/two", "ECS_ENGINE_AUTH_DATA/registry #1: also in fragment #1"));
  }

  private static Fragment docker(String source, String registry) {
    return fragment(
        source,
        "ECS_ENGINE_AUTH_TYPE=docker\nECS_ENGINE_AUTH_DATA={\""
            + registry
            + "\":{\"username\":\"u\",\"password\":\"p\"}}\n");
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String authType(Fragment combined) {
    return combined.setting("ECS_ENGINE_AUTH_TYPE").orElseThrow().value().reveal();
  }

  /** What the validator says of the combined fragment written out as a file again. */
  private static List<Problem> problemsOfRendered(Fragment combined) {
    return FragmentValidator.check(
        combined.settings().stream()
            .map(Setting::render)
            .reduce("", (a, b) -> a + b + "\n")
            .getBytes(StandardCharsets.UTF_8));
  }

  /** The refusal of one fragment's line 2 (its auth data), with the one problem {@code message}. */
  private static Consumer<BootstrapException> invalidAtLine2Of(String source, String message) {
    return e -> {
      assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
      assertThat(e.source()).isEqualTo(source);
      assertThat(e.problems())
          .singleElement()
          .satisfies(
              problem -> {
                assertThat(problem.line()).isEqualTo(2);
                assertThat(problem.message()).isEqualTo(message);
              });
    };
  }

  private static String authData(Fragment combined) {
    return combined.setting("ECS_ENGINE_AUTH_DATA").orElseThrow().value().reveal();
  }

  @Test
  void combinesDockercfgWithDockerAsDockerKeepingWhatTheAgentWouldUse() {
    // dockerauth.go: auth decoded, split at the first ':' (the password keeps later ones); the
    // field name matches case-insensitively; email is dropped.
    String auth = base64("dev:pa:ss\"w\\0rd".getBytes(StandardCharsets.UTF_8));
    Fragment dockercfg =
        fragment(
            "s3://b/one",
            "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\"a.example.com\":{\"Auth\":\""
                + auth
                + "\",\"email\":\"ops@example.com\"}}\n");

    Fragment combined =
        FragmentCombiner.combine(List.of(dockercfg, docker("s3://b/two", "b.example.com")));

    assertThat(authType(combined)).isEqualTo("docker");
    assertThat(authData(combined))
        .isEqualTo(
            "{\"a.example.com\":{\"username\":\"dev\",\"password\":\"pa:ss\\\"w\\\\0rd\"},"
                + "\"b.example.com\":{\"username\":\"u\",\"password\":\"p\"}}");
    assertThat(combined.registries()).containsExactly("a.example.com", "b.example.com");
    assertThat(problemsOfRendered(combined)).isEmpty();
  }

  @Test
  void aDockerFragmentFirstStillTakesTheDockercfgRegistriesAsDocker() {
    Fragment combined =
        FragmentCombiner.combine(
            List.of(
                docker("s3://b/one", "b.example.com"),
                dockercfg("s3://b/two", "a.example.com"),
                dockercfg("s3://b/three", "c.example.com")));

    assertThat(authType(combined)).isEqualTo("docker");
    assertThat(authData(combined))
        .isEqualTo(
            "{\"b.example.com\":{\"username\":\"u\",\"password\":\"p\"},"
                + "\"a.example.com\":{\"username\":\"user\",\"password\":\"pass\"},"
                + "\"c.example.com\":{\"username\":\"user\",\"password\":\"pass\"}}");
  }

  @Test
  void aDockercfgEntryThatIsNotUtf8IsNotConvertedAndTheErrorSaysWhatToDo() {
    byte[] latin1 = "dev:caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
    Fragment dockercfg =
        fragment(
            "s3://b/one",
            "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\"a.example.com\":{\"auth\":\""
                + AUTH
                + "\"},\"d.example.com/team:registry\":{\"auth\":\""
                + base64(latin1)
                + "\"}}\n");

    assertThatThrownBy(
            () ->
                FragmentCombiner.combine(
                    List.of(
                        docker("s3://b/two", "b.example.com"),
                        dockercfg,
                        docker("s3://b/three", "c.example.com"))))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            invalidAtLine2Of(
                "s3://b/one",
                "ECS_ENGINE_AUTH_DATA/registry #2/auth: is not UTF-8, so it"
                    + " cannot be combined with the type docker of fragment #1;"
                    + " publish both with the same --format"));
  }

  @Test
  void decidesTheRegistryKeysOfTheCombinedMapAsOneMap() {
    // Each fragment is fine alone; together the agent keeps one of the two keys at random.
    assertThatThrownBy(
            () ->
                FragmentCombiner.combine(
                    List.of(
                        docker("s3://b/one", "r.example.com"),
                        docker("s3://b/two", "https://r.example.com"))))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> {
              assertThat(e.source()).isEqualTo("s3://b/one + s3://b/two");
              assertThat(e.problems())
                  .extracting(Problem::line, Problem::message)
                  .containsExactly(
                      tuple(
                          0,
                          "ECS_ENGINE_AUTH_DATA/registry #2: names the same registry as"
                              + " registry #1 once the agent strips http(s)://; the agent would"
                              + " keep one of them at random"));
            });
  }

  @Test
  void rejectsPathKeysOfOneHostFromTwoFragmentsThatCarryDifferentLogins() {
    Fragment other =
        fragment(
            "s3://b/two",
            "ECS_ENGINE_AUTH_TYPE=docker\nECS_ENGINE_AUTH_DATA={\"r.example.com/team-b\":"
                + "{\"username\":\"other\",\"password\":\"p\"}}\n");

    assertThatThrownBy(
            () ->
                FragmentCombiner.combine(
                    List.of(docker("s3://b/one", "r.example.com/team-a"), other)))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::message)
                    .singleElement(as(InstanceOfAssertFactories.STRING))
                    .startsWith(
                        "ECS_ENGINE_AUTH_DATA: several path-qualified keys share the host of"
                            + " registry #1, none is that bare host, and their credentials"
                            + " differ"));
  }

  @Test
  void rejectsAnyOtherKeySetTwice() {
    assertThatThrownBy(
            () ->
                FragmentCombiner.combine(
                    List.of(
                        fragment("s3://b/one", "ECS_CLUSTER=a\n"),
                        fragment("s3://b/two", "ECS_CLUSTER=b\n"))))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p ->
                            assertThat(p.message())
                                .isEqualTo("ECS_CLUSTER: also set by fragment #1")));
  }

  @Test
  void namesARegistryKeyThatIsNotAHostByItsPositionInItsFragment() {
    // Used by the agent (a tag-like path alone is the host's baseline), but not host-shaped.
    String notAHost = "a.example.com/deploy:hunter2";

    assertThatThrownBy(
            () ->
                FragmentCombiner.combine(
                    List.of(
                        dockercfg("s3://b/one", notAHost),
                        fragment(
                            "s3://b/two",
                            "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\"b.example.com\":"
                                + "{\"auth\":\""
                                + AUTH
                                + "\"},\""
                                + notAHost
                                + "\":{\"auth\":\""
                                + AUTH
                                + "\"}}\n"))))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::message)
                    .containsExactly("ECS_ENGINE_AUTH_DATA/registry #2: also in fragment #1"));
  }

  @Test
  void listsTheCombinedRegistriesByHostNeverByPath() {
    Fragment combined =
        FragmentCombiner.combine(
            List.of(
                dockercfg("s3://b/one", "a.example.com"),
                dockercfg("s3://b/two", "b.example.com/deploy:hunter2"),
                dockercfg("s3://b/three", "c.example.com")));

    assertThat(combined.registries())
        .containsExactly(
            "a.example.com", "b.example.com/[a path of 14 characters]", "c.example.com");
  }
}
