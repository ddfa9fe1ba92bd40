package dev.ecsbootstrap.redact;

import dev.ecsbootstrap.JsonText;
import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.fragment.EcsKeys;
import dev.ecsbootstrap.fragment.EngineAuthType;
import java.util.List;

/**
 * An auth fragment as {@code publish --dry-run} shows it: the type, each registry by its display
 * name, and every credential field {@code [redacted]}. It is built from names alone, so no value
 * can reach it.
 */
public final class RedactedFragment {
  private RedactedFragment() {}

  /**
   * The two lines, ECS_ENGINE_AUTH_TYPE and ECS_ENGINE_AUTH_DATA.
   *
   * @param registries display names (a host, or {@code #N}), as {@code Fragment.registries()}
   */
  public static String render(EngineAuthType type, List<String> registries) {
    String data =
        JsonText.object(
            json -> {
              for (String registry : registries) {
                json.writeObjectFieldStart(registry);
                if (type == EngineAuthType.DOCKERCFG) {
                  json.writeStringField("auth", Secret.REDACTED);
                } else {
                  json.writeStringField("username", Secret.REDACTED);
                  json.writeStringField("password", Secret.REDACTED);
                }
                json.writeEndObject();
              }
            });
    return EcsKeys.AUTH_TYPE + "=" + type.wireName() + "\n" + EcsKeys.AUTH_DATA + "=" + data;
  }
}
