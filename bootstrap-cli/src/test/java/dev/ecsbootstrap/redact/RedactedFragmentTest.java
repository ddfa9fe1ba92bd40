package dev.ecsbootstrap.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.fragment.EngineAuthType;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactedFragmentTest {

  @Test
  void dockerEntriesShowTheRegistriesAndHideBothFields() {
    assertThat(
            RedactedFragment.render(EngineAuthType.DOCKER, List.of("registry.example.com", "#2")))
        .isEqualTo(
            "ECS_ENGINE_AUTH_TYPE=docker\n"
                + "ECS_ENGINE_AUTH_DATA={\"registry.example.com\":{\"username\":\"[redacted]\","
                + "\"password\":\"[redacted]\"},\"#2\":{\"username\":\"[redacted]\","
                + "\"password\":\"[redacted]\"}}");
  }

  @Test
  void dockercfgEntriesHideTheAuth() {
    assertThat(RedactedFragment.render(EngineAuthType.DOCKERCFG, List.of("ghcr.io")))
        .isEqualTo(
            "ECS_ENGINE_AUTH_TYPE=dockercfg\n"
                + "ECS_ENGINE_AUTH_DATA={\"ghcr.io\":{\"auth\":\"[redacted]\"}}");
  }
}
