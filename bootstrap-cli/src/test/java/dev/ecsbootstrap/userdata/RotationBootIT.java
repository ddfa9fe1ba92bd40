package dev.ecsbootstrap.userdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.AgentView;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.http.RecordedRequest;
import dev.ecsbootstrap.testing.s3.ObjectEncryption;
import dev.ecsbootstrap.testing.s3.S3Backends;
import dev.ecsbootstrap.testing.s3.StrictS3Front;
import dev.ecsbootstrap.testing.s3.TestKms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rotation end to end (issue 14): boot rendered user data with --rotation, publish a rotated
 * password, and run what the timer would run, the command of the rendered service read as systemd
 * reads it ({@link SystemdService}), with systemd's environment: the unit's assignments over a PATH
 * on which systemctl and docker are the recording stand-ins. Password A is the {@link Canary}; B is
 * {@link #ROTATED}.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(S3Backends.class)
class RotationBootIT {
  private static final String ROTATED = "R0tated-Pa55:w\"0rd\\y-2b8d";
  private static final String ROTATED_AUTH = Canary.auth(Canary.USERNAME, ROTATED);
  private static final String[] ROTATED_FORMS = {
    ROTATED, ROTATED.replace("\\", "\\\\").replace("\"", "\\\""), ROTATED_AUTH, "R0tated-Pa55"
  };
  private static final String KEY = "ecs/auth.env";
  private static final String ESCAPED_FOLDER = "host$PATH%n\\x";

  @Parameter S3Backends backend;
  @TempDir Path root;

  private SimulatedInstance instance;

  @BeforeEach
  void prepareInstance() throws IOException {
    // Every path holds what the service must escape ($, % and a backslash), so running its
    // command proves systemd reads back the paths the boot used.
    instance =
        SimulatedInstance.start(
            backend.sharedOrSkip("RotationBootIT"),
            Files.createDirectories(root.resolve(ESCAPED_FOLDER)));
  }

  @AfterEach
  void stop() {
    if (instance != null) {
      instance.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"al2023", "docker-agent"})
  void theTimersCommandWritesTheRotatedPasswordRestartsOnceAndThenFetchesNothing(String template)
      throws IOException {
    SystemdService timerRun = bootWithRotation(template);
    assertThat(passwordInEcsConfig()).isEqualTo("A");
    List<String> bootRuns = dockerRuns(instance.recordedCalls());
    publish(fragment(ROTATED_AUTH));
    int callsBefore = instance.recordedCalls().size();

    run(timerRun).assertExit(0);

    assertThat(passwordInEcsConfig()).isEqualTo("B");
    String content = Files.readString(instance.ecsConfig());
    assertThat(content.contains(Canary.auth())).as("password A is gone from ecs.config").isFalse();
    assertThat(content.startsWith(new String(Samples.existingEcsConfig(), StandardCharsets.UTF_8)))
        .as("ecs.config keeps its other lines")
        .isTrue();
    assertThat(filesHolding(ROTATED_AUTH, ROTATED))
        .as("the rotated password is in ecs.config and nowhere else")
        .containsExactly(instance.ecsConfig());
    List<String> restart = newCalls(callsBefore);
    if (template.equals("docker-agent")) {
      assertThat(restart)
          .as("the run script recreated the container once, as the boot created it")
          .containsExactly(
              "docker inspect ecs-agent", "docker rm --force ecs-agent", bootRuns.get(0));
    } else {
      assertThat(restart).containsExactly("systemctl restart --no-block ecs");
    }

    byte[] written = Files.readAllBytes(instance.ecsConfig());
    Object inode = Files.getAttribute(instance.ecsConfig(), "unix:ino");
    FileTime modified = Files.getLastModifiedTime(instance.ecsConfig());
    int callsAfterRotation = instance.recordedCalls().size();
    int requestsBefore = instance.front().requests().size();
    int acceptedBefore = instance.front().accepted().size();

    CliResult second = run(timerRun).assertExit(0);

    List<RecordedRequest> requests = newRequests(requestsBefore);
    assertThat(requests)
        .as("one conditional GET of the fragment, nothing else")
        .singleElement()
        .satisfies(
            get -> {
              assertThat(get.method()).isEqualTo("GET");
              assertThat(get.header("If-None-Match")).isNotBlank();
            });
    List<StrictS3Front.Accepted> accepted = instance.front().accepted();
    assertThat(accepted.subList(acceptedBefore, accepted.size()))
        .singleElement()
        .satisfies(get -> assertThat(get.key()).isEqualTo(KEY));
    assertThat(instance.front().refusals()).isEmpty();

    assertThat(second.err())
        .contains("every source answered 304 Not Modified")
        .contains("nothing fetched or written, no restart");
    assertThat(Files.readAllBytes(instance.ecsConfig())).isEqualTo(written);
    assertThat(Files.getAttribute(instance.ecsConfig(), "unix:ino")).isEqualTo(inode);
    assertThat(Files.getLastModifiedTime(instance.ecsConfig())).isEqualTo(modified);
    assertThat(newCalls(callsAfterRotation)).as("nothing restarted").isEmpty();
  }

  /**
   * A failed periodic run never damages a working configuration: the file stays as it was, the
   * agent is not restarted, and the failure is apply's exit code (3: the fragment fails
   * validation), which the journal shows.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"al2023", "docker-agent"})
  void aRunThatFailsLeavesTheConfigurationAndTheAgentAlone(String template) throws IOException {
    SystemdService timerRun = bootWithRotation(template);
    publish(Samples.authsWrapperFragment());
    byte[] before = Files.readAllBytes(instance.ecsConfig());
    Object inode = Files.getAttribute(instance.ecsConfig(), "unix:ino");
    FileTime modified = Files.getLastModifiedTime(instance.ecsConfig());
    int callsBefore = instance.recordedCalls().size();

    CliResult failed = run(timerRun).assertExit(3);

    assertThat(failed.err()).contains("auths");
    assertThat(Files.readAllBytes(instance.ecsConfig())).isEqualTo(before);
    assertThat(Files.getAttribute(instance.ecsConfig(), "unix:ino")).isEqualTo(inode);
    assertThat(Files.getLastModifiedTime(instance.ecsConfig())).isEqualTo(modified);
    assertThat(newCalls(callsBefore)).as("nothing restarted").isEmpty();
  }

  /**
   * Which password the agent would read from ecs.config: "A", "B" or "neither". Only the letter, so
   * that a failure message never shows a password.
   */
  private String passwordInEcsConfig() throws IOException {
    List<String> credentials = AgentView.credentials(instance.ecsConfig(), Samples.REGISTRY);
    if (credentials.equals(List.of(Canary.USERNAME, Canary.SECRET))) {
      return "A";
    }
    return credentials.equals(List.of(Canary.USERNAME, ROTATED)) ? "B" : "neither";
  }

  /** Boots with --rotation and reads the service its timer starts. */
  private SystemdService bootWithRotation(String template) throws IOException {
    String userData =
        instance.render(template, SimulatedInstance.sha256(SimulatedInstance.JAR), "--rotation");
    instance.boot(userData, Map.of()).assertExit(0);
    String unit =
        Files.readString(
            instance.root().resolve("etc/systemd/system/ecs-bootstrap-rotate.service"));
    SystemdService service = SystemdService.parse(unit);
    assertThat(unit).as("escapes were exercised").contains("/host$$PATH%%n\\\\x/");
    return service;
  }

  /**
   * What systemd gives the service besides its unit's assignments: a PATH, where the stand-ins are
   * the host's systemctl and docker (plus their log's path).
   */
  private CliResult run(SystemdService service) {
    CliResult result =
        service.run(
            Map.of(
                "PATH",
                instance.standIns() + ":" + System.getenv("PATH"),
                "STAND_IN_CALLS",
                instance.calls().toString()),
            SimulatedInstance.TIMEOUT);
    List<String> secrets = new ArrayList<>(List.of(ROTATED_FORMS));
    secrets.add(SimulatedInstance.ROLE_SECRET);
    return result.assertNoSecretLeak(secrets.toArray(String[]::new));
  }

  private void publish(byte[] fragment) {
    instance.s3().put(instance.bucket(), KEY, fragment, ObjectEncryption.kms(TestKms.KEY_ARN));
  }

  /** A dockercfg fragment for {@link Samples#REGISTRY}, as publish writes it. */
  private static byte[] fragment(String auth) {
    return Samples.utf8(
        "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\""
            + Samples.REGISTRY
            + "\":{\"auth\":\""
            + auth
            + "\",\"email\":\"ops@example.com\"}}\n");
  }

  private List<String> newCalls(int before) throws IOException {
    List<String> calls = instance.recordedCalls();
    return List.copyOf(calls.subList(before, calls.size()));
  }

  private List<RecordedRequest> newRequests(int before) {
    List<RecordedRequest> requests = instance.front().requests();
    return List.copyOf(requests.subList(before, requests.size()));
  }

  private static List<String> dockerRuns(List<String> calls) {
    return calls.stream().filter(call -> call.startsWith("docker run")).toList();
  }

  /** Every file under the instance's root that holds any of {@code texts}. */
  private List<Path> filesHolding(String... texts) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              file -> {
                String content = new String(readBytes(file), StandardCharsets.ISO_8859_1);
                return Stream.of(texts).anyMatch(content::contains);
              })
          .toList();
    }
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
