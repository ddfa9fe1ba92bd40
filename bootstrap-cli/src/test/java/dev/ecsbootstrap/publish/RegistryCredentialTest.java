package dev.ecsbootstrap.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.testing.Canary;
import org.junit.jupiter.api.Test;

class RegistryCredentialTest {

  @Test
  void showsOnlyTheRegistry() {
    // Logged or put in an assertion message, a login must show neither the user nor the password.
    RegistryCredential credential =
        new RegistryCredential("ghcr.io", Canary.USERNAME, Secret.of(Canary.SECRET));

    assertThat(credential).hasToString("RegistryCredential[ghcr.io]");
  }
}
