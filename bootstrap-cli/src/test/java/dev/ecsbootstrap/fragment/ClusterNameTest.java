package dev.ecsbootstrap.fragment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One cluster-name rule for apply --cluster and render-userdata --cluster. */
class ClusterNameTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "prod",
        "prod-blue_2",
        "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
        "arn:aws-cn:ecs:cn-north-1:123456789012:cluster/prod",
        "arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/prod"
      })
  void acceptsNamesAndClusterArns(String value) {
    assertThat(ClusterName.requireValid("--cluster", value)).isEqualTo(value);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "",
        "prod blue",
        "prod'",
        "prod;reboot",
        "arn:aws:ecs:eu-west-1:123456789012:service/prod",
        "arn:aws:ecs:eu-west-1:12345:cluster/prod"
      })
  void refusesAnythingElse(String value) {
    assertThatThrownBy(() -> ClusterName.requireValid("--cluster", value))
        .isInstanceOf(BootstrapException.class)
        .hasMessage("--cluster takes a cluster name (letters, digits, '-', '_') or a cluster ARN");
  }

  @Test
  void refusesANameLongerThan255() {
    assertThatThrownBy(() -> ClusterName.requireValid("--cluster", "c".repeat(256)))
        .isInstanceOf(BootstrapException.class);
  }
}
