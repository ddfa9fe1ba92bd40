package dev.ecsbootstrap.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.RecordingLog;
import dev.ecsbootstrap.agent.RecordingRestarter;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.AwsEnvironment;
import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import dev.ecsbootstrap.testing.faults.FaultyProxy;
import dev.ecsbootstrap.testing.http.RecordedRequest;
import dev.ecsbootstrap.testing.imds.FakeImds;
import dev.ecsbootstrap.testing.s3.ObjectEncryption;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.S3Backends;
import dev.ecsbootstrap.testing.s3.TestKms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rotation the issue asks for, on each S3 server present (through a recording proxy, which
 * shows what was asked): publish, apply at boot, publish a rotated password, run the timer's {@code
 * apply --restart-agent}: the file holds the new password and the agent stand-in was restarted
 * exactly once; the next run: every GET answered 304, nothing written or restarted.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(S3Backends.class)
class RotationIT {
  private static final String KEY = "ecs/registry-auth.env";
  private static final String ROTATED = Canary.SECRET + "-rotated";

  @Parameter S3Backends backend;
  @TempDir Path directory;

  private S3Backend s3;
  private FakeImds imds;
  private FaultyProxy proxy;
  private String bucket;
  private final RecordingRestarter agent = new RecordingRestarter();
  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void start() throws IOException {
    s3 = backend.sharedOrSkip("RotationIT");
    bucket = "rot-" + UUID.randomUUID().toString().substring(0, 13);
    s3.createBucket(bucket);
    imds = FakeImds.start().accountId(TestKms.ACCOUNT_ID);
    proxy = FaultyProxy.start(s3.endpoint());
    Files.createDirectories(ecsConfig().getParent());
    Files.write(ecsConfig(), Samples.existingEcsConfig());
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (imds != null) {
      imds.close();
    }
  }

  private Path ecsConfig() {
    return directory.resolve("etc/ecs/ecs.config");
  }

  private Path stateFile() {
    return directory.resolve("var/lib/ecs-bootstrap/state.json");
  }

  private void publish(String password) {
    s3.put(
        bucket,
        KEY,
        Samples.utf8(
            "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\""
                + Samples.REGISTRY
                + "\":{\"auth\":\""
                + Canary.auth(Canary.USERNAME, password)
                + "\"}}\n"),
        ObjectEncryption.kms(TestKms.KEY_ARN));
  }

  private ApplyResult apply(Rotation rotation) {
    ApplyRequest request =
        new ApplyRequest(
            List.of(S3Uri.parse("s3://" + bucket + "/" + KEY)),
            ecsConfig(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false,
            Optional.empty(),
            Duration.ofSeconds(30),
            Duration.ZERO,
            false,
            false,
            rotation,
            AuthTarget.ECS_CONFIG);
    Map<String, String> environment =
        Map.of(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url().toString(),
            "AWS_ENDPOINT_URL_S3", proxy.url().toString(),
            "HOME", directory.toString(),
            "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials",
            "AWS_CONFIG_FILE", "/nonexistent/aws-config");
    try (AwsClients aws = new AwsClients(Optional.empty(), AwsEnvironment.of(environment), "")) {
      return new Apply(aws, log, agent).run(request);
    }
  }

  /** What the timer's unit runs: apply --restart-agent, its state at the given file. */
  private ApplyResult timerRun() {
    return apply(Rotation.of(Optional.of(stateFile()), true, false));
  }

  private List<RecordedRequest> getsSince(int index) {
    List<RecordedRequest> requests = proxy.requests();
    return requests.subList(index, requests.size()).stream()
        .filter(request -> request.method().equals("GET"))
        .toList();
  }

  @Test
  void aRotatedPasswordIsWrittenAndRestartedForOnceAndTheNextRunFetchesNothing()
      throws IOException {
    publish(Canary.SECRET);
    apply(Rotation.NONE);
    publish(ROTATED);

    ApplyResult rotation = timerRun();

    assertThat(Files.readString(ecsConfig()))
        .contains(Canary.auth(Canary.USERNAME, ROTATED))
        .contains("ECS_CLUSTER=prod");
    assertThat(agent.calls()).containsExactly("requireStateKept", "restart");
    assertThat(rotation.agent()).isEqualTo(new AgentOutcome(AgentRestart.RESTARTED, false));
    Object inode = Files.getAttribute(ecsConfig(), "unix:ino");
    FileTime modified = Files.getLastModifiedTime(ecsConfig());
    int before = proxy.requests().size();

    ApplyResult next = timerRun();

    assertThat(getsSince(before))
        .as("one conditional GET, answered 304")
        .singleElement()
        .satisfies(get -> assertThat(get.header("If-None-Match")).isNotBlank());
    assertThat(next.sources())
        .extracting(SourceFetch::status)
        .containsExactly(SourceFetch.Status.NOT_MODIFIED);
    assertThat(next.fetched()).isEmpty();
    assertThat(Files.getAttribute(ecsConfig(), "unix:ino")).isEqualTo(inode);
    assertThat(Files.getLastModifiedTime(ecsConfig())).isEqualTo(modified);
    assertThat(agent.restarts()).isEqualTo(1);
    assertThat(String.join("\n", log.lines())).doesNotContain(Canary.SECRET, ROTATED);
    assertThat(Files.readString(stateFile()))
        .doesNotContain(Canary.SECRET)
        .doesNotContain(Canary.auth(Canary.USERNAME, ROTATED));
  }

  @Test
  void aRotationAfterAnUnchangedRunIsSeenThroughTheConditionalGet() throws IOException {
    publish(Canary.SECRET);
    timerRun();
    timerRun();
    publish(ROTATED);

    ApplyResult rotation = timerRun();

    assertThat(rotation.sources())
        .extracting(SourceFetch::status)
        .containsExactly(SourceFetch.Status.CHANGED);
    assertThat(Files.readString(ecsConfig())).contains(Canary.auth(Canary.USERNAME, ROTATED));
    assertThat(agent.restarts())
        .as("the first run changed the file, the rotation again")
        .isEqualTo(2);
  }
}
