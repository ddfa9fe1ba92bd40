package dev.ecsbootstrap.publish;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.JsonText;
import dev.ecsbootstrap.Name;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.fragment.EcsKeys;
import dev.ecsbootstrap.fragment.EngineAuthType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Writes logins as the two lines the agent reads, in the safe subset (docs/ecs-config-format.md):
 * {@code ECS_ENGINE_AUTH_TYPE} and one line of minified JSON in {@code ECS_ENGINE_AUTH_DATA}.
 */
final class FragmentRenderer {

  private FragmentRenderer() {}

  /** The fragment; its bytes hold the credentials. */
  static byte[] render(EngineAuthType type, List<RegistryCredential> credentials) {
    String data =
        JsonText.object(
            json -> {
              int position = 0;
              for (RegistryCredential credential : credentials) {
                position++;
                json.writeObjectFieldStart(credential.registry());
                if (type == EngineAuthType.DOCKERCFG) {
                  json.writeStringField("auth", auth(credential, position));
                } else {
                  json.writeStringField("username", credential.username());
                  json.writeStringField("password", credential.password().reveal());
                }
                json.writeEndObject();
              }
            });
    String text =
        EcsKeys.AUTH_TYPE + "=" + type.wireName() + "\n" + EcsKeys.AUTH_DATA + "=" + data + "\n";
    return text.getBytes(StandardCharsets.UTF_8);
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
                  Name.registry(position))));
    }
    String pair = credential.username() + ":" + credential.password().reveal();
    return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }
}
