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
import dev.ecsbootstrap.fragment.RegistryNames;
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
    boolean knownRegistryFinding =
        registries.stream().anyMatch(registry -> !isNormalized(registry))
            || !isAccepted(credentials);
    if (!knownRegistryFinding) {
      assertThat(DockerConfigReader.read(SOURCE, content, registries, warning -> {}))
          .as("the logins of the registries named")
          .isEqualTo(credentials);
    }

    // The logins survive rendering whatever they hold: checked under well-formed registry names
    // always, and under the names found unless those hit the known finding below.
    List<RegistryCredential> renamed = new ArrayList<>();
    for (int i = 0; i < credentials.size(); i++) {
      RegistryCredential credential = credentials.get(i);
      renamed.add(
          new RegistryCredential(
              "r" + i + ".example.com", credential.username(), credential.password()));
    }
    assertAgentReads(renamed);
    if (!knownRegistryFinding) {
      assertAgentReads(credentials);
    }
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

  /**
   * Known finding, reported and not yet fixed: the reader passes on registry keys that {@link
   * RegistryNames#normalize} cannot make into one the validator accepts ({@code "/v2/"} becomes the
   * empty key, {@code "auths"} stays the wrapper's name, {@code HTTP://HTTP://X.io} becomes {@code
   * http://X.io}), so publish then refuses its own generated fragment instead of naming the
   * config.json entry. The same holds for keys that are fine alone but not together, since which
   * keys the agent can select is decided for the whole map (two path keys of one host, no bare host
   * key, different logins). When the reader refuses or skips such entries, delete this and its
   * callers' conditions, and commit the reported inputs as seeds.
   */
  private static boolean isAccepted(List<RegistryCredential> credentials) {
    // With their own logins: whether path keys of one host conflict depends on them. The logins
    // alone are checked under well-formed names, where no two keys share a host.
    byte[] together = FragmentRenderer.render(EngineAuthType.DOCKER, credentials);
    return FragmentValidator.check(together).stream().noneMatch(Problem::isError);
  }

  /**
   * Known finding, reported and not yet fixed: {@link RegistryNames#normalize} strips one scheme,
   * so a key such as {@code https://http://y.example.com} comes out as {@code
   * http://y.example.com}, which normalizes again to {@code y.example.com}: naming the registry
   * publish printed then fails with "not in this file", and publish writes {@code
   * http://y.example.com} beside a plain {@code y.example.com} key, which the validator refuses.
   * When normalize is idempotent, delete this and its callers' conditions, and commit the reported
   * input as a seed.
   */
  private static boolean isNormalized(String registry) {
    return RegistryNames.normalize(registry).equals(registry);
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
