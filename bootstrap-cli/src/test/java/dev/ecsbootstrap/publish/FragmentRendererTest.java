package dev.ecsbootstrap.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.fragment.EngineAuthType;
import dev.ecsbootstrap.fragment.Fragment;
import dev.ecsbootstrap.fragment.FragmentValidator;
import dev.ecsbootstrap.fragment.RegistryNames;
import dev.ecsbootstrap.testing.Canary;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FragmentRendererTest {
  /** Colons, a quote, a backslash, non-ASCII and an emoji: everything a converter can get wrong. */
  private static final String PASSWORD = "p:a:ss\"wörd\\ü😀" + Canary.SECRET;

  private static final List<RegistryCredential> CREDENTIALS =
      List.of(
          new RegistryCredential("registry.example.com", "deploy", Secret.of(PASSWORD)),
          new RegistryCredential(RegistryNames.DOCKER_HUB, "hub-user", Secret.of("x")));

  /** What the agent will end up with for {@code registry}, decoded as dockerauth.go does. */
  private static String[] agentView(byte[] fragmentBytes, String registry) throws Exception {
    Fragment fragment = FragmentValidator.parse("rendered", fragmentBytes);
    String type = fragment.setting("ECS_ENGINE_AUTH_TYPE").orElseThrow().value().reveal();
    JsonNode entry =
        new ObjectMapper()
            .readTree(fragment.setting("ECS_ENGINE_AUTH_DATA").orElseThrow().value().reveal())
            .get(registry);
    if (type.equals("dockercfg")) {
      String decoded =
          new String(
              Base64.getDecoder().decode(entry.get("auth").asText()), StandardCharsets.UTF_8);
      return decoded.split(":", 2);
    }
    return new String[] {entry.get("username").asText(), entry.get("password").asText()};
  }

  @ParameterizedTest
  @EnumSource(EngineAuthType.class)
  void roundTripsPasswordsWithColonsAndNonAscii(EngineAuthType type) throws Exception {
    byte[] fragment = FragmentRenderer.render(type, CREDENTIALS);

    assertThat(agentView(fragment, "registry.example.com")).containsExactly("deploy", PASSWORD);
    assertThat(agentView(fragment, RegistryNames.DOCKER_HUB)).containsExactly("hub-user", "x");
    assertThat(new String(fragment, StandardCharsets.UTF_8))
        .startsWith("ECS_ENGINE_AUTH_TYPE=" + type.wireName() + "\n")
        .endsWith("}}\n")
        .hasLineCount(2);
  }

  @Test
  void dockercfgCannotCarryAColonInTheUserName() {
    List<RegistryCredential> colon = List.of(new RegistryCredential("r.io", "a:b", Secret.of("p")));

    assertThatThrownBy(() -> FragmentRenderer.render(EngineAuthType.DOCKERCFG, colon))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> {
              assertThat(e).hasMessageContaining("nothing was written");
              assertThat(e.problems())
                  .extracting(Problem::message)
                  .containsExactly(
                      "registry #1: the user name contains ':', which the dockercfg format cannot carry;"
                          + " use --format docker");
            });
    assertThat(FragmentRenderer.render(EngineAuthType.DOCKER, colon)).isNotEmpty();
  }

  @Test
  void dockercfgRefusesAUserNameStartingWithAColonAndNamesANonHostByItsPosition() {
    // The agent would split ":bot:p" into an empty user and "bot:p"; the registry key is no host,
    // so the message counts it in the fragment's object instead of showing it.
    List<RegistryCredential> credentials =
        List.of(
            new RegistryCredential("ghcr.io", "deploy", Secret.of("p")),
            new RegistryCredential("not a host", ":bot", Secret.of(Canary.SECRET)));

    assertThatThrownBy(() -> FragmentRenderer.render(EngineAuthType.DOCKERCFG, credentials))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::message)
                    .containsExactly(
                        "registry #2: the user name contains ':', which the dockercfg format"
                            + " cannot carry; use --format docker"));
  }
}
