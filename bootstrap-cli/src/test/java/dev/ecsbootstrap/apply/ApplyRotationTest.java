package dev.ecsbootstrap.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.RecordingLog;
import dev.ecsbootstrap.agent.RecordingRestarter;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.AwsEnvironment;
import dev.ecsbootstrap.aws.BucketOwner;
import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.source.InMemoryS3;
import dev.ecsbootstrap.state.ApplyState;
import dev.ecsbootstrap.state.StateFile;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply} with a state file and --restart-agent, on an in-memory S3 and a recording agent:
 * what a periodic run fetches, writes and restarts, and what it leaves recorded when it fails.
 */
class ApplyRotationTest {
  private static final S3Uri FIRST = S3Uri.parse("s3://cfg-bucket/ecs/auth.env");
  private static final S3Uri SECOND = S3Uri.parse("s3://cfg-bucket/ecs/cluster.env");

  @TempDir Path dir;
  private final InMemoryS3 s3 = new InMemoryS3();
  private final RecordingRestarter agent = new RecordingRestarter();
  private final RecordingLog log = new RecordingLog();

  private Path ecsConfig() {
    return dir.resolve("ecs.config");
  }

  private Path stateFile() {
    return dir.resolve("state/state.json");
  }

  private static byte[] rotated() {
    return Samples.utf8(
        "ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={\""
            + Samples.REGISTRY
            + "\":{\"auth\":\""
            + Canary.auth(Canary.USERNAME, Canary.SECRET + "-rotated")
            + "\"}}\n");
  }

  private ApplyResult apply(Rotation rotation, boolean dryRun) {
    ApplyRequest request =
        new ApplyRequest(
            List.of(FIRST, SECOND),
            ecsConfig(),
            Optional.of("us-east-1"),
            Optional.of(BucketOwner.ANY),
            Optional.empty(),
            false,
            Optional.empty(),
            Duration.ofSeconds(5),
            Duration.ZERO,
            dryRun,
            false,
            rotation,
            AuthTarget.ECS_CONFIG);
    try (AwsClients aws = new AwsClients(Optional.empty(), AwsEnvironment.of(Map.of()), "")) {
      return new Apply(aws, log, region -> s3, aws::imds, agent).run(request);
    }
  }

  private ApplyResult applyRestarting() {
    return apply(new Rotation(Optional.of(stateFile()), true, false), false);
  }

  private ApplyResult applyForced() {
    return apply(new Rotation(Optional.of(stateFile()), true, true), false);
  }

  private ApplyState state() {
    return new StateFile(stateFile(), new RecordingLog()).load();
  }

  private void publish(byte[] auth) {
    s3.putKms(FIRST, auth);
    s3.putKms(SECOND, Samples.utf8("ECS_CLUSTER=prod\n"));
  }

  private record FileIdentity(Object inode, FileTime modified) {}

  private FileIdentity identity() throws IOException {
    return new FileIdentity(
        Files.getAttribute(ecsConfig(), "unix:ino"), Files.getLastModifiedTime(ecsConfig()));
  }

  private static List<String> statuses(ApplyResult result) {
    return result.sources().stream().map(source -> source.status().label()).toList();
  }

  private void assertExit(Runnable run, ExitCode code) {
    assertThatThrownBy(run::run)
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(code));
  }

  @Test
  void aSecondRunWithNothingChangedFetchesNoBodyWritesNothingAndRestartsNothing()
      throws IOException {
    publish(Samples.dockercfgFragment());
    applyRestarting();
    FileIdentity written = identity();
    long bodies = s3.bodiesSent();
    int requests = s3.requests().size();

    ApplyResult second = applyRestarting();

    assertThat(s3.bodiesSent()).as("bodies sent on the second run").isEqualTo(bodies);
    assertThat(s3.requests().subList(requests, s3.requests().size()))
        .allSatisfy(request -> assertThat(request.ifNoneMatch()).isNotNull())
        .hasSize(2);
    assertThat(statuses(second)).containsExactly("not-modified", "not-modified");
    assertThat(identity()).isEqualTo(written);
    assertThat(agent.calls())
        .as("the first run changed the file, the second nothing")
        .containsExactly("requireStateKept", "restart");
    assertThat(second.agent()).isEqualTo(new AgentOutcome(AgentRestart.NOT_NEEDED, false));
    assertThat(log.lines())
        .contains(
            "INFO every source answered 304 Not Modified and "
                + ecsConfig()
                + " is as apply left it: nothing fetched or written, no restart");
  }

  @Test
  void anEditedTargetIsFetchedAgainAndRewritten() throws IOException {
    publish(Samples.dockercfgFragment());
    applyRestarting();
    byte[] merged = Files.readAllBytes(ecsConfig());
    Files.writeString(ecsConfig(), "ECS_CLUSTER=edited-by-hand\n");

    ApplyResult second = applyRestarting();

    assertThat(statuses(second)).containsExactly("fetched", "fetched");
    assertThat(s3.requests().subList(2, 4))
        .allSatisfy(request -> assertThat(request.ifNoneMatch()).isNull());
    assertThat(Files.readString(ecsConfig()))
        .isEqualTo(
            "ECS_CLUSTER=prod\n"
                + new String(merged, StandardCharsets.UTF_8).replace("ECS_CLUSTER=prod\n", ""));
    assertThat(agent.restarts()).isEqualTo(2);
  }

  @Test
  void sourcesThatAnswered304BeforeOneChangedAreFetchedAgainForTheMerge() {
    publish(Samples.dockercfgFragment());
    applyRestarting();
    s3.putKms(SECOND, Samples.utf8("ECS_CLUSTER=staging\n"));

    ApplyResult second = applyRestarting();

    assertThat(statuses(second)).containsExactly("fetched-again", "changed");
    assertThat(second.fetched()).hasSize(2);
    assertThat(agent.restarts()).isEqualTo(2);
  }

  @Test
  void aTouchedTargetWithTheSameContentIsFetchedButNotRestartedFor() throws IOException {
    publish(Samples.dockercfgFragment());
    applyRestarting();
    Files.setLastModifiedTime(ecsConfig(), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

    ApplyResult second = applyRestarting();

    assertThat(statuses(second)).containsExactly("fetched", "fetched");
    assertThat(second.agent().restart()).isEqualTo(AgentRestart.NOT_NEEDED);
    assertThat(applyRestarting().sources())
        .as("the state now records the touched file as apply left it")
        .allMatch(source -> source.status() == SourceFetch.Status.NOT_MODIFIED);
  }

  @Test
  void aRotatedPasswordIsFetchedWrittenAndRestartedForExactlyOnce() throws IOException {
    publish(Samples.dockercfgFragment());
    apply(new Rotation(Optional.of(stateFile()), false, false), false);
    s3.putKms(FIRST, rotated());

    ApplyResult second = applyRestarting();

    assertThat(statuses(second))
        .as("the changed source, then the next one without a condition: the merge needs it")
        .containsExactly("changed", "fetched");
    assertThat(Files.readString(ecsConfig()))
        .contains(Canary.auth(Canary.USERNAME, Canary.SECRET + "-rotated"));
    assertThat(agent.calls()).containsExactly("requireStateKept", "restart");
    assertThat(second.agent()).isEqualTo(new AgentOutcome(AgentRestart.RESTARTED, false));
    assertThat(state().pendingRestart()).isFalse();

    ApplyResult third = applyRestarting();

    assertThat(statuses(third)).containsExactly("not-modified", "not-modified");
    assertThat(agent.restarts()).isEqualTo(1);
  }

  @Test
  void aFailedRestartExits10LeavesItPendingAndTheNextUnchangedRunPerformsIt() {
    publish(Samples.dockercfgFragment());
    agent.failNext(1);

    assertExit(this::applyRestarting, ExitCode.AGENT_RESTART_FAILED);
    assertThat(state().pendingRestart()).isTrue();
    assertThat(log.lines())
        .anyMatch(
            line -> line.startsWith("WARN the agent was not restarted and the restart stays"));

    ApplyResult next = applyRestarting();

    assertThat(statuses(next)).containsExactly("not-modified", "not-modified");
    assertThat(agent.calls())
        .containsExactly("requireStateKept", "restart failed", "requireStateKept", "restart");
    assertThat(next.agent()).isEqualTo(new AgentOutcome(AgentRestart.RESTARTED, false));
    assertThat(state().pendingRestart()).isFalse();
  }

  @Test
  void aRefusalExits9KeepsTheFileWrittenAndTheRestartPendingForForce() throws IOException {
    publish(Samples.dockercfgFragment());
    agent.refuseWithoutForce();

    assertExit(this::applyRestarting, ExitCode.AGENT_STATE_NOT_KEPT);
    assertThat(Files.readString(ecsConfig())).contains("ECS_ENGINE_AUTH_DATA=");
    assertThat(state().pendingRestart()).isTrue();
    assertExit(this::applyRestarting, ExitCode.AGENT_STATE_NOT_KEPT);

    applyForced();

    assertThat(agent.calls())
        .containsExactly(
            "requireStateKept", "requireStateKept", "requireStateKept --force", "restart");
    assertThat(state().pendingRestart()).isFalse();
  }

  @Test
  void withoutRestartAgentAChangeIsNotAPendingRestart() {
    publish(Samples.dockercfgFragment());

    ApplyResult first = apply(new Rotation(Optional.of(stateFile()), false, false), false);

    assertThat(first.agent()).isEqualTo(new AgentOutcome(AgentRestart.NOT_REQUESTED, false));
    assertThat(state().pendingRestart()).isFalse();
    assertThat(agent.calls()).isEmpty();
  }

  @Test
  void aDryRunNeverRestartsNorWritesState() {
    publish(Samples.dockercfgFragment());

    ApplyResult result = apply(new Rotation(Optional.of(stateFile()), true, false), true);

    assertThat(result.agent().restart()).isEqualTo(AgentRestart.DRY_RUN);
    assertThat(agent.calls()).isEmpty();
    assertThat(stateFile()).doesNotExist();
    assertThat(ecsConfig()).doesNotExist();
  }

  @Test
  void aFailedFetchLeavesTheFileTheStateAndTheAgentAlone() throws IOException {
    publish(Samples.dockercfgFragment());
    applyRestarting();
    byte[] file = Files.readAllBytes(ecsConfig());
    ApplyState before = state();
    s3.putKms(FIRST, Samples.authsWrapperFragment());

    assertExit(this::applyRestarting, ExitCode.INVALID_CONTENT);

    assertThat(Files.readAllBytes(ecsConfig())).isEqualTo(file);
    assertThat(state()).isEqualTo(before);
    assertThat(agent.restarts()).isEqualTo(1);
  }

  @Test
  void anotherClusterFlagFetchesEverySourceDespiteNotModified() {
    publish(Samples.dockercfgFragment());
    applyRestarting();

    ApplyRequest request =
        new ApplyRequest(
            List.of(FIRST),
            ecsConfig(),
            Optional.of("us-east-1"),
            Optional.of(BucketOwner.ANY),
            Optional.empty(),
            false,
            Optional.empty(),
            Duration.ofSeconds(5),
            Duration.ZERO,
            false,
            false,
            new Rotation(Optional.of(stateFile()), true, false),
            AuthTarget.ECS_CONFIG);
    ApplyResult result;
    try (AwsClients aws = new AwsClients(Optional.empty(), AwsEnvironment.of(Map.of()), "")) {
      result = new Apply(aws, log, region -> s3, aws::imds, agent).run(request);
    }

    assertThat(statuses(result)).containsExactly("fetched");
  }

  @Test
  void theJsonReportNamesEachSourcesStatusAndTheRestart() {
    publish(Samples.dockercfgFragment());
    applyRestarting();

    String json = applyRestarting().toJson();

    assertThat(json)
        .contains(
            "\"sourceStatus\":[{\"uri\":\"" + FIRST + "\",\"status\":\"not-modified\"}",
            "\"agentRestart\":\"not-needed\"",
            "\"restartPending\":false");
  }

  @Test
  void forceWithoutRestartAgentIsAUsageError() {
    assertExit(() -> new Rotation(Optional.empty(), false, true), ExitCode.USAGE);
  }

  @Test
  void restartAgentKeepsItsStateInVarLibByDefault() {
    assertThat(Rotation.of(Optional.empty(), true, false).stateFile()).contains(StateFile.DEFAULT);
    assertThat(Rotation.of(Optional.empty(), false, false).stateFile()).isEmpty();
  }
}
