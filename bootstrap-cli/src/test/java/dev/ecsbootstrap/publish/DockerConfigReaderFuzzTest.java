package dev.ecsbootstrap.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.fragment.EcsKeys;
import dev.ecsbootstrap.fragment.EngineAuthType;
import dev.ecsbootstrap.fragment.Fragment;
import dev.ecsbootstrap.fragment.FragmentValidator;
import dev.ecsbootstrap.testing.Canary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@link DockerConfigReader#read} on any bytes: the logins, or a {@link BootstrapException} with
 * exit code 3 and at least one error, and nothing else; no problem or warning shows a credential;
 * naming the registries it found gives the same logins; and what publish renders from them, in
 * either format, passes the validator apply uses and gives the agent exactly those logins.
 */
class DockerConfigReaderFuzzTest {
  private static final String SOURCE = "config.json";

  /**
   * Text that is only ever a credential (an upper-case letter and a digit: no registry host the
   * reader shows can hold it, since it shows hosts in lower case). Nothing reported may show one.
   */
  private static final List<String> SECRETS =
      Stream.concat(Stream.of("S3cret", "Pa55"), Canary.forms().stream()).toList();

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A registry's login as the agent decodes it from the rendered fragment. */
  private record Login(String registry, String username, String password) {}

  @FuzzTest
  @DictionaryEntries({
    "\"auths\":",
    "\"auth\":",
    "\"credsStore\":",
    "\"credHelpers\":",
    "\"identitytoken\":",
    "https://",
    "index.docker.io",
    "/v1/",
    // base64 of "canary-user:S3cret", "u:Pa55" and "u:"
    "Y2FuYXJ5LXVzZXI6UzNjcmV0",
    "dTpQYTU1",
    "dTo=",
  })
  void readsAnyBytes(byte[] content) {
    List<String> warnings = new ArrayList<>();
    List<RegistryCredential> credentials;
    try {
      credentials = DockerConfigReader.read(SOURCE, content, List.of(), warnings::add);
    } catch (BootstrapException e) {
      assertThat(e.exitCode()).as("exit code of %s", e).isEqualTo(ExitCode.INVALID_CONTENT);
      assertThat(e.problems()).anyMatch(Problem::isError);
      assertShowsNoSecret(e.getMessage());
      e.problems().forEach(problem -> assertShowsNoSecret(problem.message()));
      warnings.forEach(DockerConfigReaderFuzzTest::assertShowsNoSecret);
      return;
    }
    warnings.forEach(DockerConfigReaderFuzzTest::assertShowsNoSecret);
    assertThat(credentials).isNotEmpty().doesNotContainNull();
    List<String> registries = credentials.stream().map(RegistryCredential::registry).toList();
    assertThat(registries).doesNotHaveDuplicates();
    for (RegistryCredential credential : credentials) {
      assertThat(credential.username()).isNotEmpty().doesNotContain(":");
    }
    assertThat(DockerConfigReader.read(SOURCE, content, registries, warning -> {}))
        .as("the logins of the registries named")
        .isEqualTo(credentials);

    // The logins survive rendering whatever they hold, under the names found and under
    // well-formed ones.
    assertAgentReads(credentials);
    List<RegistryCredential> renamed = new ArrayList<>();
    for (int i = 0; i < credentials.size(); i++) {
      RegistryCredential credential = credentials.get(i);
      renamed.add(
          new RegistryCredential(
              "r" + i + ".example.com", credential.username(), credential.password()));
    }
    assertAgentReads(renamed);
  }

  /** Publish renders, validates with apply's rules, uploads; the agent reads the logins back. */
  private static void assertAgentReads(List<RegistryCredential> credentials) {
    List<Login> logins =
        credentials.stream()
            .map(
                credential ->
                    new Login(
                        credential.registry(),
                        credential.username(),
                        credential.password().reveal()))
            .toList();
    for (EngineAuthType type : EngineAuthType.values()) {
      byte[] rendered = FragmentRenderer.render(type, credentials);
      Fragment fragment;
      try {
        fragment = FragmentValidator.parse("generated fragment", rendered);
      } catch (BootstrapException e) {
        throw new AssertionError(
            "publish would refuse its own " + type + " fragment: " + e.problems(), e);
      }
      assertThat(agentView(fragment)).as("what the agent reads, %s", type).isEqualTo(logins);
    }
  }

  private static void assertShowsNoSecret(String message) {
    for (String secret : SECRETS) {
      assertThat(message).doesNotContain(secret);
    }
  }

  /** The logins as dockerauth.go decodes them (AgentView does the same from a file). */
  private static List<Login> agentView(Fragment fragment) {
    String type = fragment.setting(EcsKeys.AUTH_TYPE).orElseThrow().value().reveal();
    JsonNode data;
    try {
      data = JSON.readTree(fragment.setting(EcsKeys.AUTH_DATA).orElseThrow().value().reveal());
    } catch (IOException e) {
      return fail("rendered auth data that is not JSON", e);
    }
    List<Login> logins = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : data.properties()) {
      JsonNode fields = entry.getValue();
      if (type.equals("dockercfg")) {
        String pair =
            new String(
                Base64.getDecoder().decode(fields.get("auth").textValue()), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        logins.add(new Login(entry.getKey(), pair.substring(0, colon), pair.substring(colon + 1)));
      } else {
        logins.add(
            new Login(
                entry.getKey(),
                fields.get("username").textValue(),
                fields.get("password").textValue()));
      }
    }
    return logins;
  }
}
