package dev.ecsbootstrap.userdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
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
  private record Flags(
      String config,
      String jar,
      String sha,
      String kmsKey,
      String bucketOwner,
      String region,
      String cluster) {
    static final Flags VALID =
        new Flags(
            "s3://cfg-bucket/a.env",
            "s3://cfg-bucket/bin/ecs-bootstrap.jar",
            SHA,
            "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "111122223333",
            "eu-west-1",
            "prod-blue");

    UserDataParameters parse() {
      return UserDataParameters.fromFlags(
          List.of(config), jar, sha, kmsKey, bucketOwner, region, cluster);
    }
  }

  /**
   * Each a way out of the single quotes the value is pasted into, or out of the one word it must
   * stay. ({@code $(...)} is inert inside single quotes, and S3 keys may hold it.)
   */
  private static final List<String> PAYLOADS =
      List.of("'; reboot #", "a b", "a\nreboot", "a\treboot", "a'b", "a\u0000b");

  private static final List<Flag> FLAGS =
      List.of(
          new Flag("--config", value -> "s3://cfg-bucket/" + value),
          new Flag("--jar", value -> "s3://cfg-bucket/" + value),
          new Flag("--jar-sha256", value -> SHA.substring(1) + value),
          new Flag("--kms-key-id", value -> "key" + value),
          new Flag("--expected-bucket-owner", value -> "111122223333" + value),
          new Flag("--region", value -> "eu-west-1" + value),
          new Flag("--cluster", value -> "prod" + value));

  private record Flag(String name, UnaryOperator<String> embed) {
    Flags with(String payload) {
      String value = embed.apply(payload);
      Flags v = Flags.VALID;
      return switch (name) {
        case "--config" ->
            new Flags(value, v.jar, v.sha, v.kmsKey, v.bucketOwner, v.region, v.cluster);
        case "--jar" ->
            new Flags(v.config, value, v.sha, v.kmsKey, v.bucketOwner, v.region, v.cluster);
        case "--jar-sha256" ->
            new Flags(v.config, v.jar, value, v.kmsKey, v.bucketOwner, v.region, v.cluster);
        case "--kms-key-id" ->
            new Flags(v.config, v.jar, v.sha, value, v.bucketOwner, v.region, v.cluster);
        case "--expected-bucket-owner" ->
            new Flags(v.config, v.jar, v.sha, v.kmsKey, value, v.region, v.cluster);
        case "--region" ->
            new Flags(v.config, v.jar, v.sha, v.kmsKey, v.bucketOwner, value, v.cluster);
        case "--cluster" ->
            new Flags(v.config, v.jar, v.sha, v.kmsKey, v.bucketOwner, v.region, value);
        default -> throw new IllegalArgumentException(name);
      };
    }
  }

  static Stream<Arguments> everyFlagWithEveryPayload() {
    return FLAGS.stream()
        .flatMap(flag -> PAYLOADS.stream().map(payload -> Arguments.of(flag.name(), payload)));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("everyFlagWithEveryPayload")
  void refusesAValueThatCouldLeaveItsQuotes(String flagName, String payload) {
    Flags flags =
        FLAGS.stream()
            .filter(flag -> flag.name().equals(flagName))
            .findFirst()
            .orElseThrow()
            .with(payload);

    assertThatThrownBy(flags::parse)
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
    String script = UserDataRenderer.render("al2023", Flags.VALID.parse(), "1.0");

    Flags v = Flags.VALID;
    String expected =
        switch (flagName) {
          case "--config" -> "ECS_BOOTSTRAP_CONFIG_URIS='" + v.config + "'";
          case "--jar" -> v.jar.substring(v.jar.indexOf("bin/"));
          case "--jar-sha256" -> "ECS_BOOTSTRAP_JAR_SHA256='" + v.sha + "'";
          case "--kms-key-id" -> "--kms-key-id " + v.kmsKey;
          case "--expected-bucket-owner" -> "--expected-bucket-owner " + v.bucketOwner;
          case "--region" -> "ECS_BOOTSTRAP_REGION='" + v.region + "'";
          case "--cluster" -> "--cluster " + v.cluster;
          default -> throw new IllegalArgumentException(flagName);
        };
    assertThat(script).contains(expected);
  }

  static Stream<String> flagNames() {
    return FLAGS.stream().map(Flag::name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyAliases")
  void refusesAKmsAliasInEitherForm(String alias) {
    Flags flags = Flags.VALID;
    assertThatThrownBy(
            () ->
                UserDataParameters.fromFlags(
                    List.of(flags.config),
                    flags.jar,
                    flags.sha,
                    alias,
                    flags.bucketOwner,
                    flags.region,
                    flags.cluster))
        .hasMessageContaining("key id or key ARN");
  }

  static Stream<String> keyAliases() {
    return Stream.of(
        "alias/ecs-bootstrap", "arn:aws:kms:eu-west-1:111122223333:alias/ecs-bootstrap");
  }

  @ParameterizedTest(name = "missing {0}")
  @MethodSource("requiredFlags")
  void namesTheRequiredFlags(String missing) {
    Flags v = Flags.VALID;
    List<String> given = Arrays.asList(v.config, v.jar, v.sha);
    given.set(List.of("--config", "--jar", "--jar-sha256").indexOf(missing), null);

    assertThatThrownBy(
            () ->
                UserDataParameters.fromFlags(
                    given.get(0) == null ? null : List.of(given.get(0)),
                    given.get(1),
                    given.get(2),
                    null,
                    null,
                    null,
                    null))
        .hasMessageContaining("--config, --jar and --jar-sha256 are needed");
  }

  static Stream<String> requiredFlags() {
    return Stream.of("--config", "--jar", "--jar-sha256");
  }
}
