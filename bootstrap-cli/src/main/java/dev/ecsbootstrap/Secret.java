package dev.ecsbootstrap;

import java.util.Objects;

/**
 * A credential, or text that contains one. Mirrors the ECS agent's {@code SensitiveRawMessage}:
 * {@link #toString()} never shows the value, so a record holding a Secret can be logged or asserted
 * on safely. {@link #reveal()} is the only way to the value and is called only where the value is
 * written.
 */
public final class Secret {
  public static final String REDACTED = "[redacted]";

  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return REDACTED;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
