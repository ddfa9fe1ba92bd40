package dev.ecsbootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** In-process: the command line contract that needs no network. */
class MainTest {
  private static final Pattern EXIT_CODE_ROW = Pattern.compile(" {2}(\\d+) +(\\S.*)");

  private static CliResult run(String... args) {
    return CliRunner.run(Main::run, Map.of(), args);
  }

  @Test
  void missingCommandIsAUsageError() {
    CliResult result = run().assertExit(ExitCode.USAGE.value());

    assertThat(result.err())
        .startsWith("ecs-bootstrap: error: missing command")
        .contains("Usage: ecs-bootstrap");
  }

  @Test
  void aRunThatNamesACommandBuildsTheModelOfThatCommandAlone() {
    List<String> every = ExitCode.Commands.NAMES;
    RootCommand root = new RootCommand(Map.of(), InputStream.nullInputStream());

    assertThat(RootCommand.commandLine(root).getSubcommands()).containsOnlyKeys(every);
    assertThat(RootCommand.commandLine(root, "--help").getSubcommands()).containsOnlyKeys(every);
    assertThat(RootCommand.commandLine(root, "aply").getSubcommands()).containsOnlyKeys(every);
    for (String command : every) {
      assertThat(RootCommand.commandLine(root, command, "--help").getSubcommands())
          .containsOnlyKeys(command);
    }
  }

  @Test
  void eachHelpListsExactlyTheExitCodesOfItsCommand() {
    assertThat(exitCodes("validate", "--help"))
        .containsOnlyKeys(0, 1, 2, 3, 7)
        .doesNotContainKeys(5, 6, 8);
    assertThat(exitCodes("apply", "--help"))
        .containsOnlyKeys(0, 1, 2, 3, 4, 5, 6, 7, 9, 10)
        .doesNotContainKey(8);
    assertThat(exitCodes("publish", "--help")).containsOnlyKeys(0, 1, 2, 3, 4, 6, 7, 8);
    assertThat(exitCodes("render-userdata", "--help")).containsOnlyKeys(0, 1, 2);
    for (String command : ExitCode.Commands.NAMES) {
      Map<Integer, String> listed = exitCodes(command, "--help");
      for (ExitCode code : ExitCode.of(command)) {
        assertThat(listed).as(command).containsEntry(code.value(), code.meaning());
      }
    }
  }

  @Test
  void rootHelpListsEveryExitCodeAndWhichCommandsReturnIt() {
    Map<Integer, String> listed = exitCodes("--help");

    assertThat(listed).hasSize(ExitCode.values().length);
    for (ExitCode code : ExitCode.values()) {
      assertThat(listed.get(code.value())).as("%s", code).startsWith(code.meaning());
    }
    assertThat(listed.get(ExitCode.OK.value())).isEqualTo(ExitCode.OK.meaning());
    assertThat(listed.get(ExitCode.CONFLICT.value())).endsWith(" (publish)");
    assertThat(listed.get(ExitCode.LOCAL_FILE.value())).endsWith(" (apply, publish, validate)");
  }

  /**
   * The "Exit Codes:" section of a --help, code to text with picocli's line wrapping undone: rows
   * start with the code, continuation lines are indented further.
   */
  private static Map<Integer, String> exitCodes(String... helpArgs) {
    List<String> lines = run(helpArgs).assertExit(0).out().lines().toList();
    int heading = lines.indexOf("Exit Codes:");
    assertThat(heading).as("Exit Codes: in %s", List.of(helpArgs)).isNotNegative();
    Map<Integer, String> codes = new LinkedHashMap<>();
    int last = -1;
    for (String line : lines.subList(heading + 1, lines.size())) {
      Matcher row = EXIT_CODE_ROW.matcher(line);
      if (row.matches()) {
        last = Integer.parseInt(row.group(1));
        assertThat(codes.put(last, row.group(2))).as("code %d listed twice", last).isNull();
      } else if (last >= 0 && line.startsWith("      ") && !line.isBlank()) {
        codes.merge(last, line.strip(), (text, more) -> text + " " + more);
      } else {
        break;
      }
    }
    return codes;
  }

  /**
   * Off an instance IMDS never answers: a flag error must not wait for it (the default timeout is
   * 120s).
   */
  @Test
  @Timeout(10)
  void flagErrorsAreReportedBeforeAnyNetworkCall() {
    assertThat(run("apply", "s3://cfg-bucket/k", "--kms-key-id", "alias/ecs").assertExit(2).err())
        .contains("--kms-key-id takes a key id or key ARN");
    assertThat(
            run("apply", "s3://cfg-bucket/k", "--expected-bucket-owner", "12345")
                .assertExit(2)
                .err())
        .contains("12-digit account id");
    assertThat(run("apply", "s3://cfg-bucket/k", "--cluster", "prod cluster").assertExit(2).err())
        .contains("--cluster takes a cluster name");
    assertThat(run("apply", "s3:/cfg-bucket/k").assertExit(2).err())
        .contains("is not an s3://BUCKET/KEY URI");
  }

  @Test
  void publishNeverTakesThePasswordAsAnArgument() {
    assertThat(
            run("publish", "--to", "s3://cfg-bucket/k", "--registry", "r.io", "--username", "u")
                .assertExit(2)
                .err())
        .contains("--username needs --password-stdin");
    CliResult typed =
        run("publish", "--to", "s3://cfg-bucket/k", "--password", "hunter2", "--pw=hunter3");

    assertThat(typed.assertExit(2).err())
        .startsWith(
            "ecs-bootstrap: error: 2 unknown option(s), not shown (did you mean --password-stdin?);"
                + " 1 unexpected argument(s), not shown")
        .contains("Try 'ecs-bootstrap publish --help'")
        .doesNotContain("hunter2")
        .doesNotContain("hunter3");
  }

  @Test
  void publishNeedsExactlyOneInput() {
    assertThat(run("publish", "--to", "s3://cfg-bucket/k").assertExit(2).err())
        .contains("exactly one of --docker-config, --username or --fragment");
  }

  @Test
  void renderUserdataNeedsLocationsUnlessForCloudFormation() {
    assertThat(run("render-userdata").assertExit(2).err())
        .contains("--config, --jar and --jar-sha256 are needed");
    assertThat(run("render-userdata", "--cloudformation").assertExit(0).out())
        .startsWith(
            "#!/usr/bin/env bash\n# Rendered by ecs-bootstrap render-userdata --cloudformation");
  }

  @Test
  void unknownOptionsAreUsageErrors() {
    assertThat(run("apply", "s3://cfg-bucket/k", "--bogus").assertExit(2).err())
        .contains("1 unknown option(s), not shown")
        .doesNotContain("bogus");
  }
}
