package dev.ecsbootstrap.publish;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.fragment.EcsKeys;
import dev.ecsbootstrap.fragment.EngineAuthType;
import dev.ecsbootstrap.fragment.RegistryNames;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Writes logins as the two lines the agent reads, in the safe subset (ecs-agent-semantics.md 1.5):
 * {@code ECS_ENGINE_AUTH_TYPE} and one line of minified JSON in {@code ECS_ENGINE_AUTH_DATA}.
 */
public final class FragmentRenderer {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private FragmentRenderer() {}

  /** The fragment; its bytes hold the credentials. */
  public static byte[] render(EngineAuthType type, List<RegistryCredential> credentials) {
    return text(type, credentials, false).getBytes(StandardCharsets.UTF_8);
  }

  /** The same fragment with every credential replaced by {@code [redacted]}, for --dry-run. */
  public static String renderRedacted(EngineAuthType type, List<RegistryCredential> credentials) {
    return text(type, credentials, true);
  }

  private static String text(
      EngineAuthType type, List<RegistryCredential> credentials, boolean redact) {
    StringWriter data = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(data)) {
      json.writeStartObject();
      int position = 0;
      for (RegistryCredential credential : credentials) {
        position++;
        json.writeObjectFieldStart(credential.registry());
        if (type == EngineAuthType.DOCKERCFG) {
          json.writeStringField("auth", redact ? Secret.REDACTED : auth(credential, position));
        } else {
          json.writeStringField("username", redact ? Secret.REDACTED : credential.username());
          json.writeStringField(
              "password", redact ? Secret.REDACTED : credential.password().reveal());
        }
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return EcsKeys.AUTH_TYPE + "=" + type.wireName() + "\n" + EcsKeys.AUTH_DATA + "=" + data + "\n";
  }

  /** {@code position}: the credential's 1-based position in the fragment's JSON object. */
  private static String auth(RegistryCredential credential, int position) {
    // The agent splits at the first ':', so a user name cannot hold one in this format.
    if (credential.username().indexOf(':') >= 0) {
      throw BootstrapException.invalidContent(
          "generated fragment",
          List.of(
              Problem.error(
                  0,
                  "{}: the user name contains ':', which the dockercfg format cannot carry; use"
                      + " --format docker",
                  RegistryNames.name(credential.registry(), position))));
    }
    String pair = credential.username() + ":" + credential.password().reveal();
    return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }
}
