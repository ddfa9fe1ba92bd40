package dev.ecsbootstrap.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.ecsconfig.EcsConfigMerge;
import dev.ecsbootstrap.fragment.Setting;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactedDiffTest {

  @Test
  void showsChangedKeysWithValuesRedacted() {
    byte[] existing =
        "# c\nECS_CLUSTER=prod\nECS_ENGINE_AUTH_DATA={\"old\":{}}\n"
            .getBytes(StandardCharsets.UTF_8);
    List<Setting> settings =
        List.of(
            new Setting("ECS_ENGINE_AUTH_TYPE", Secret.of("dockercfg"), 1),
            new Setting(
                "ECS_ENGINE_AUTH_DATA", Secret.of("{\"new\":{\"auth\":\"c2VjcmV0OnB3\"}}"), 2));

    List<String> diff =
        RedactedDiff.render("/etc/ecs/ecs.config", EcsConfigMerge.merge(existing, settings));

    assertThat(diff)
        .containsExactly(
            "--- /etc/ecs/ecs.config",
            "+++ /etc/ecs/ecs.config (after apply)",
            "@@ -3,1 +3,2 @@",
            "-ECS_ENGINE_AUTH_DATA=[redacted]",
            "+ECS_ENGINE_AUTH_DATA=[redacted]",
            "+ECS_ENGINE_AUTH_TYPE=dockercfg");
    assertThat(String.join("\n", diff)).doesNotContain("c2VjcmV0OnB3").doesNotContain("old");
  }

  @Test
  void isEmptyWhenNothingChanges() {
    byte[] existing = "ECS_CLUSTER=prod\n".getBytes(StandardCharsets.UTF_8);
    List<Setting> settings = List.of(new Setting("ECS_CLUSTER", Secret.of("prod"), 1));

    assertThat(RedactedDiff.render("f", EcsConfigMerge.merge(existing, settings))).isEmpty();
  }

  @Test
  void redactsEveryValueExceptTheAuthTypeName() {
    assertThat(RedactedDiff.redact("HTTPS_PROXY=http://user:pw@proxy:3128"))
        .isEqualTo("HTTPS_PROXY=[redacted]");
    assertThat(RedactedDiff.redact("ECS_ENGINE_AUTH_TYPE=docker"))
        .isEqualTo("ECS_ENGINE_AUTH_TYPE=docker");
    assertThat(RedactedDiff.redact("ECS_ENGINE_AUTH_TYPE=hunter2"))
        .isEqualTo("ECS_ENGINE_AUTH_TYPE=[redacted]");
    assertThat(RedactedDiff.redact("# password=hunter2")).isEqualTo("# [comment]");
    assertThat(RedactedDiff.redact("hunter2")).isEqualTo("[line]");
  }
}
