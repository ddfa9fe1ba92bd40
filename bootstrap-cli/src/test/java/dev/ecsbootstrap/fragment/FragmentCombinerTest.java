package dev.ecsbootstrap.fragment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
    assertThat(combined.setting("ECS_ENGINE_AUTH_DATA").orElseThrow().value().reveal())
        .isEqualTo(
            "{\"a.example.com\":{\"auth\":\""
                + AUTH
                + "\"},\"b.example.com\":{\"auth\":\""
                + AUTH
                + "\"}}");
    assertThat(
            FragmentValidator.check(
                combined.settings().stream()
                    .map(Setting::render)
                    .reduce("", (a, b) -> a + b + "\n")
                    .getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
  }

  @Test
  void returnsASingleFragmentAsItIs() {
    Fragment only = dockercfg("s3://b/one", "a.example.com");

    assertThat(FragmentCombiner.combine(List.of(only))).isSameAs(only);
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
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
              assertThat(e.source()).isEqualTo("s3://b/two");
              assertThat(e.problems())
                  .singleElement()
                  .satisfies(
                      problem -> {
                        assertThat(problem.line()).isEqualTo(2);
                        assertThat(problem.message())
                            .isEqualTo("ECS_ENGINE_AUTH_DATA/a.example.com: also in fragment #1");
                      });
            });
  }

  @Test
  void rejectsDifferentAuthTypes() {
    Fragment docker =
        fragment(
            "s3://b/two",
            """
            ECS_ENGINE_AUTH_TYPE=docker
            ECS_ENGINE_AUTH_DATA={"b.example.com":{"username":"u","password":"p"}}
            """);

    assertThatThrownBy(
            () ->
                FragmentCombiner.combine(List.of(dockercfg("s3://b/one", "a.example.com"), docker)))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p.message()).contains("one auth type")));
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
    String notAHost = "deploy:hunter2@a.example.com";

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
  void listsTheCombinedRegistriesAsHostsOrPositions() {
    Fragment combined =
        FragmentCombiner.combine(
            List.of(
                dockercfg("s3://b/one", "a.example.com"),
                dockercfg("s3://b/two", "deploy:hunter2@b.example.com"),
                dockercfg("s3://b/three", "c.example.com")));

    assertThat(combined.registries()).containsExactly("a.example.com", "#2", "c.example.com");
  }
}
