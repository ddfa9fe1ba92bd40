package dev.ecsbootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A secret typed as an option's value, or glued to a flag, is never echoed: every option of every
 * command whose type has invalid values (booleans, durations, enums, numbers) is fed the {@link
 * Canary} in both spellings picocli accepts, found by walking the command model, so a new option is
 * covered without a new line here.
 */
class OptionValueEchoTest {

  /** (command, option name) for every option with a type the canary is not a value of. */
  static Stream<Arguments> typedOptions() {
    CommandLine root =
        RootCommand.commandLine(new RootCommand(Map.of(), new ByteArrayInputStream(new byte[0])));
    List<Arguments> options = new ArrayList<>();
    root.getSubcommands()
        .forEach(
            (name, command) -> {
              for (OptionSpec option : command.getCommandSpec().options()) {
                if (hasInvalidValues(option.type())) {
                  options.add(Arguments.of(name, option.longestName(), option.arity().min() > 0));
                }
              }
            });
    return options.stream();
  }

  static Stream<Arguments> typedOptionsTakingAValue() {
    return typedOptions().filter(arguments -> (boolean) arguments.get()[2]);
  }

  private static boolean hasInvalidValues(Class<?> type) {
    return type == boolean.class
        || type == Boolean.class
        || type == Duration.class
        || type.isEnum()
        || type == int.class
        || type == Integer.class
        || type == long.class
        || type == Long.class;
  }

  @Test
  void theWalkFindsTheOptionsTheIssueNamed() {
    assertThat(typedOptions().map(arguments -> arguments.get()[0] + " " + arguments.get()[1]))
        .contains(
            "publish --password-stdin",
            "publish --dry-run",
            "publish --json",
            "apply --timeout",
            "apply --access-denied-grace",
            "validate --json");
  }

  @ParameterizedTest(name = "{0} {1}=<canary>")
  @MethodSource("typedOptions")
  void aCanaryGluedToAnOptionIsNamedByItsOptionOnly(
      String command, String option, boolean takesValue) {
    CliResult result =
        CliRunner.run(Main::run, Map.of(), command, option + "=" + Canary.SECRET)
            .assertExit(ExitCode.USAGE.value())
            .assertNoSecretLeak();

    assertThat(result.err()).contains(option).doesNotContain("c4nary");
  }

  /** A flag's next argument is a positional one, so only options that take a value get this. */
  @ParameterizedTest(name = "{0} {1} <canary>")
  @MethodSource("typedOptionsTakingAValue")
  void aCanaryAfterAnOptionIsNeverEchoed(String command, String option, boolean takesValue) {
    CliResult result =
        CliRunner.run(Main::run, Map.of(), command, option, Canary.SECRET).assertNoSecretLeak();

    assertThat(result.out() + result.err()).doesNotContain("c4nary");
  }

  @Test
  void anUnknownOptionIsCountedNotQuoted() {
    for (String unknown : List.of("--" + Canary.SECRET, "--c4nary-pa55", "-c4nary")) {
      CliResult result =
          CliRunner.run(Main::run, Map.of(), "validate", unknown, "-")
              .assertExit(ExitCode.USAGE.value())
              .assertNoSecretLeak();

      assertThat(result.err())
          .startsWith("ecs-bootstrap: error: 1 unknown option(s), not shown")
          .doesNotContain("c4nary");
    }
  }
}
