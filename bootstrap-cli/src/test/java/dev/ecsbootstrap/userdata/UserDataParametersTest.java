package dev.ecsbootstrap.userdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every value render-userdata pastes into the shell script is checked on its own: a payload in any
 * one flag, with all the others valid, is refused before a script exists.
 */
class UserDataParametersTest {
  private static final String SHA = "ab".repeat(32);

  /** Each is valid, so a refusal can only come from the one flag a case replaces. */
  private static final Map<String, String> VALID =
      orderedMap(
          "--config", "s3://cfg-bucket/a.env",
          "--jar", "s3://cfg-bucket/bin/ecs-bootstrap.jar",
          "--jar-sha256", SHA,
          "--kms-key-id",
              "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
          "--expected-bucket-owner", "111122223333",
          "--region", "eu-west-1",
          "--cluster", "prod-blue",
          "--jar-region", "ap-southeast-2",
          "--bundle", "s3://cfg-bucket/bin/ecs-bootstrap-bundle-linux-x86_64.tar.gz",
          "--bundle-sha256", "cd".repeat(32));

  /**
   * Each a way out of the single quotes the value is pasted into, or out of the one word it must
   * stay. ({@code $(...)} is inert inside single quotes, and S3 keys may hold it.)
   */
  private static final List<String> PAYLOADS =
      List.of("'; reboot #", "a b", "a\nreboot", "a\treboot", "a'b", "a\u0000b");

  /** Where each flag's payload goes, so that all but the payload is a valid value. */
  private static final Map<String, UnaryOperator<String>> EMBED =
      Map.of(
          "--config", payload -> "s3://cfg-bucket/" + payload,
          "--jar", payload -> "s3://cfg-bucket/" + payload,
          "--jar-sha256", payload -> SHA.substring(1) + payload,
          "--kms-key-id", payload -> "key" + payload,
          "--expected-bucket-owner", payload -> "111122223333" + payload,
          "--region", payload -> "eu-west-1" + payload,
          "--cluster", payload -> "prod" + payload,
          "--jar-region", payload -> "ap-southeast-2" + payload,
          "--bundle", payload -> "s3://cfg-bucket/" + payload,
          "--bundle-sha256", payload -> SHA.substring(1) + payload);

  private static Map<String, String> orderedMap(String... flagsAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < flagsAndValues.length; i += 2) {
      map.put(flagsAndValues[i], flagsAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  private static UserDataParameters parse(Map<String, String> flags) {
    String config = flags.get("--config");
    return UserDataParameters.fromFlags(
            config == null ? null : List.of(config),
            flags.get("--jar"),
            flags.get("--jar-sha256"),
            flags.get("--kms-key-id"),
            flags.get("--expected-bucket-owner"),
            flags.get("--region"),
            flags.get("--cluster"),
            flags.get("--jar-region"))
        .withBundle(flags.get("--bundle"), flags.get("--bundle-sha256"));
  }

  static Stream<Arguments> everyFlagWithEveryPayload() {
    return VALID.keySet().stream()
        .flatMap(flag -> PAYLOADS.stream().map(payload -> Arguments.of(flag, payload)));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("everyFlagWithEveryPayload")
  void refusesAValueThatCouldLeaveItsQuotes(String flagName, String payload) {
    Map<String, String> flags = new LinkedHashMap<>(VALID);
    flags.put(flagName, EMBED.get(flagName).apply(payload));

    assertThatThrownBy(() -> parse(flags))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
              assertThat(e.getMessage()).contains(flagName);
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flagNames")
  void theValidValuesReachTheScriptUnchanged(String flagName) {
    String script = UserDataRenderer.render("al2023", parse(VALID), "1.0");

    String value = VALID.get(flagName);
    String expected =
        switch (flagName) {
          case "--config" -> "ECS_BOOTSTRAP_CONFIG_URIS='" + value + "'";
          case "--jar" -> value.substring(value.indexOf("bin/"));
          case "--jar-sha256" -> "ECS_BOOTSTRAP_JAR_SHA256='" + value + "'";
          case "--region" -> "ECS_BOOTSTRAP_REGION='" + value + "'";
          case "--jar-region" -> "ECS_BOOTSTRAP_JAR_REGION='" + value + "'";
          case "--bundle" -> "ECS_BOOTSTRAP_BUNDLE_URI='" + value + "'";
          case "--bundle-sha256" -> "ECS_BOOTSTRAP_BUNDLE_SHA256='" + value + "'";
          default -> flagName + " " + value;
        };
    assertThat(script).contains(expected);
  }

  static Stream<String> flagNames() {
    return VALID.keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyAliases")
  void refusesAKmsAliasInEitherForm(String alias) {
    Map<String, String> flags = new LinkedHashMap<>(VALID);
    flags.put("--kms-key-id", alias);

    assertThatThrownBy(() -> parse(flags)).hasMessageContaining("key id or key ARN");
  }

  static Stream<String> keyAliases() {
    return Stream.of(
        "alias/ecs-bootstrap", "arn:aws:kms:eu-west-1:111122223333:alias/ecs-bootstrap");
  }

  @ParameterizedTest(name = "missing {0}")
  @MethodSource("requiredFlags")
  void namesTheRequiredFlags(String missing) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (String required : List.of("--config", "--jar", "--jar-sha256")) {
      flags.put(required, required.equals(missing) ? null : VALID.get(required));
    }

    assertThatThrownBy(() -> parse(flags))
        .hasMessageContaining("--config, --jar and --jar-sha256 are needed");
  }

  static Stream<String> requiredFlags() {
    return Stream.of("--config", "--jar", "--jar-sha256");
  }

  @ParameterizedTest(name = "only {0}")
  @MethodSource("bundleFlags")
  void takesTheBundleAndItsDigestTogetherOrNeither(String given) {
    Map<String, String> flags = new LinkedHashMap<>(VALID);
    bundleFlags().filter(flag -> !flag.equals(given)).forEach(flags::remove);

    assertThatThrownBy(() -> parse(flags))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
              assertThat(e.getMessage()).isEqualTo("--bundle and --bundle-sha256 go together");
            });
  }

  static Stream<String> bundleFlags() {
    return Stream.of("--bundle", "--bundle-sha256");
  }

  @Test
  void withoutTheBundleTheScriptNamesNone() {
    Map<String, String> flags = new LinkedHashMap<>(VALID);
    bundleFlags().forEach(flags::remove);

    assertThat(UserDataRenderer.render("al2023", parse(flags), "1.0"))
        .doesNotContain("ECS_BOOTSTRAP_BUNDLE_URI='")
        .doesNotContain("ECS_BOOTSTRAP_BUNDLE_SHA256='");
  }
}
