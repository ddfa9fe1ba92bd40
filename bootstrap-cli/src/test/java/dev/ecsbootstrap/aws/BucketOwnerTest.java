package dev.ecsbootstrap.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BucketOwnerTest {
  @Test
  void acceptsTwelveDigits() {
    assertThat(BucketOwner.requireValid("--x", "123456789012", false)).isEqualTo("123456789012");
  }

  @Test
  void acceptsAnyOnlyWhereAllowed() {
    assertThat(BucketOwner.requireValid("--x", "any", true)).isEqualTo("any");
    assertThatThrownBy(() -> BucketOwner.requireValid("--x", "any", false))
        .isInstanceOf(BootstrapException.class)
        .hasMessage("--x must be a 12-digit account id");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {"", "12345678901", "1234567890123", "12345678901a", "ANY", " 123456789012"})
  void refusesEverythingElse(String value) {
    assertThatThrownBy(() -> BucketOwner.requireValid("--expected-bucket-owner", value, true))
        .isInstanceOf(BootstrapException.class)
        .hasMessage("--expected-bucket-owner must be a 12-digit account id or 'any'");
  }
}
