package dev.ecsbootstrap.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectPolicyTest {
  private static final String ARN =
      "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

  private static ObjectPolicy expecting(String key) {
    return new ObjectPolicy(
        false, Optional.ofNullable(key), Optional.empty(), ObjectPolicy.DEFAULT_MAX_BYTES);
  }

  @Test
  void matchesTheReportedArnByArnOrKeyId() {
    assertThat(expecting(ARN).acceptsKey(ARN)).isTrue();
    assertThat(expecting(ID).acceptsKey(ARN)).isTrue();
  }

  @Test
  void matchesAServerThatReportsOnlyTheKeyId() {
    assertThat(expecting(ARN).acceptsKey(ID)).isTrue();
  }

  @Test
  void rejectsAnotherKey() {
    assertThat(expecting(ARN).acceptsKey(ARN.replace("1234abcd", "9999abcd"))).isFalse();
    assertThat(expecting(ID).acceptsKey(null)).isFalse();
    assertThat(expecting(ID).acceptsKey("x" + ID)).isFalse();
  }

  @Test
  void acceptsAnyKeyWhenNoneIsExpected() {
    assertThat(expecting(null).acceptsKey(ARN)).isTrue();
  }
}
