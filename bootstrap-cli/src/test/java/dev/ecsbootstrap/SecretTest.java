package dev.ecsbootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.fragment.Setting;
import org.junit.jupiter.api.Test;

class SecretTest {

  @Test
  void neverShowsItsValue() {
    Secret secret = Secret.of("hunter2");

    assertThat(secret).hasToString("[redacted]");
    assertThat(new Setting("ECS_ENGINE_AUTH_DATA", secret, 2).toString()).doesNotContain("hunter2");
    assertThat(secret.reveal()).isEqualTo("hunter2");
  }

  @Test
  void comparesByValue() {
    assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
    assertThat(Secret.of("a").hashCode()).isEqualTo(Secret.of("a").hashCode());
  }
}
