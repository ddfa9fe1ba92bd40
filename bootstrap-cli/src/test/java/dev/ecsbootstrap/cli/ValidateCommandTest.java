package dev.ecsbootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path directory;

  private Path file(String name, byte[] content) throws IOException {
    return Files.write(directory.resolve(name), content);
  }

  private static CliResult validate(byte[] stdin, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "validate";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliRunner.run(Main::run, stdin, Map.of(), all).assertNoSecretLeak();
  }

  @Test
  void acceptsAGoodFragmentSilently() throws IOException {
    Path good = file("good.env", Samples.dockercfgFragment());

    CliResult result = validate(new byte[0], good.toString()).assertExit(0);

    assertThat(result.out()).isEmpty();
  }

  @Test
  void printsEveryProblemCompilerStyleAndExits3() throws IOException {
    Path bad = file("bad.env", Samples.authsWrapperFragment());
    Path config =
        file("ecs.config", "ECS_CLUSTER=prod\nECS_CLUSTR=x\n".getBytes(StandardCharsets.UTF_8));

    CliResult result =
        validate(new byte[0], bad.toString(), config.toString())
            .assertExit(ExitCode.INVALID_CONTENT.value());

    assertThat(result.out().lines())
        .containsExactly(
            bad
                + ":2: error: ECS_ENGINE_AUTH_DATA/auths: the \"auths\" wrapper from"
                + " ~/.docker/config.json is not read by the agent; use the object inside"
                + " \"auths\" as the whole value",
            config
                + ":2: warning: an unknown ECS_ key of 10 characters: the ECS agent does not read"
                + " it; did you mean ECS_CLUSTER?");
  }

  @Test
  void warningsAloneExit0() throws IOException {
    Path config = file("ecs.config", "ECS_CLUSTR=x\n".getBytes(StandardCharsets.UTF_8));

    assertThat(validate(new byte[0], config.toString()).assertExit(0).out())
        .contains(": warning: ");
  }

  @Test
  void readsStandardInputForDash() {
    CliResult result =
        validate(Samples.authsWrapperFragment(), "-").assertExit(ExitCode.INVALID_CONTENT.value());

    assertThat(result.out()).startsWith("-:2: error: ");
  }

  @Test
  void jsonListsProblemsWithFileAndLine() throws IOException {
    Path bad = file("bad.env", Samples.authsWrapperFragment());

    CliResult result =
        validate(new byte[0], "--json", bad.toString())
            .assertExit(ExitCode.INVALID_CONTENT.value());

    JsonNode report = new ObjectMapper().readTree(result.out());
    assertThat(report.get("valid").asBoolean()).isFalse();
    assertThat(report.get("problems").get(0).get("source").asText()).isEqualTo(bad.toString());
    assertThat(report.get("problems").get(0).get("line").asInt()).isEqualTo(2);
  }

  @Test
  void anUnreadableFileIsALocalFileError() {
    CliResult result =
        validate(new byte[0], directory.resolve("missing.env").toString())
            .assertExit(ExitCode.LOCAL_FILE.value());

    assertThat(result.err()).contains("cannot read").contains("missing.env");
  }

  /**
   * A tool that wraps base64 at 76 columns puts part of the secret at the start of a line, where a
   * key is expected: the message names that key by place and shape, never by its text.
   */
  @Test
  void namesAWrappedBase64LineAndASecretShapedKeyByPlaceAndShapeOnly() throws IOException {
    String longAuth = Canary.auth(Canary.USERNAME, Canary.SECRET.repeat(2) + "x");
    List<String> wrapped =
        Base64.getMimeEncoder()
            .encodeToString(Base64.getDecoder().decode(longAuth))
            .lines()
            .toList();
    assertThat(wrapped).hasSizeGreaterThan(1);
    assertThat(wrapped.get(wrapped.size() - 1)).endsWith("=");
    Path file =
        file(
            "wrapped.env",
            ("ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\"registry.example.com\":"
                    + "{\"auth\":\""
                    + String.join("\n", wrapped)
                    + "\"}}\nhunter2=x\n")
                .getBytes(StandardCharsets.UTF_8));

    CliResult result =
        CliRunner.run(Main::run, Map.of(), "validate", file.toString())
            .assertExit(ExitCode.INVALID_CONTENT.value())
            .assertNoSecretLeak(wrapped.toArray(String[]::new))
            .assertNoSecretLeak("hunter2", wrapped.get(1).substring(0, 8));

    int last = wrapped.size() + 1;
    int keyLength = wrapped.get(wrapped.size() - 1).indexOf('=');
    assertThat(result.out().lines())
        .contains(
            file
                + ":"
                + last
                + ": error: a "
                + keyLength
                + "-character key at line "
                + last
                + ", column 1: keys must match [A-Z_][A-Z0-9_]*",
            file
                + ":"
                + (last + 1)
                + ": error: a 7-character key at line "
                + (last + 1)
                + ", column 1: keys must match [A-Z_][A-Z0-9_]*");
  }
}
