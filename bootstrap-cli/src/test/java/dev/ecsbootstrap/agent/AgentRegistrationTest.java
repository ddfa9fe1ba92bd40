package dev.ecsbootstrap.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Log;
import dev.ecsbootstrap.testing.agent.FakeAgentIntrospection;
import dev.ecsbootstrap.testing.agent.FakeAgentIntrospection.Answer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against the introspection emulator; deadlines are short, and no test asserts a duration. */
class AgentRegistrationTest {
  private static final String ARN =
      "arn:aws:ecs:us-east-1:111122223333:container-instance/prod/0a1b2c3d";
  private static final Duration LONG_ENOUGH = Duration.ofSeconds(30);
  private static final Duration SHORT = Duration.ofMillis(1200);

  private final FakeAgentIntrospection agent = FakeAgentIntrospection.start();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final Log recording =
      new Log() {
        @Override
        public void info(String message) {
          log.add(message);
        }

        @Override
        public void warn(String message) {
          log.add(message);
        }

        @Override
        public void debug(String message) {}
      };

  @AfterEach
  void stop() {
    agent.close();
  }

  private AgentRegistration waiting(Optional<String> cluster) {
    return new AgentRegistration(agent.url(), cluster, recording);
  }

  @Test
  void returnsOnceTheAgentReportsAContainerInstanceArn() {
    agent.thenAnswer(Answer.status(503), Answer.withoutArn("prod"), Answer.registered("prod", ARN));

    AgentMetadata metadata = waiting(Optional.empty()).await(LONG_ENOUGH);

    assertThat(metadata.containerInstanceArn()).contains(ARN);
    assertThat(agent.requests()).isEqualTo(3);
    assertThat(log)
        .containsExactly(
            "waiting for the ECS agent: the introspection API answered HTTP 503",
            "waiting for the ECS agent: the agent answered without a container instance ARN");
  }

  @Test
  void acceptsTheNamedClusterByItsArn() {
    agent.thenAnswer(Answer.registered("prod", ARN));

    AgentMetadata metadata =
        waiting(Optional.of("arn:aws:ecs:us-east-1:111122223333:cluster/prod")).await(LONG_ENOUGH);

    assertThat(metadata.cluster()).isEqualTo("prod");
  }

  @Test
  void anAgentThatNeverRegistersEndsWithExit6AndTheLastStateSeen() {
    agent.thenAnswer(Answer.withoutArn("prod"));

    assertThatThrownBy(() -> waiting(Optional.empty()).await(SHORT))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.DEADLINE))
        .hasMessage(
            "the ECS agent had not registered when --timeout passed; last seen: the agent answered"
                + " without a container instance ARN");
    assertThat(agent.requests())
        .as("it kept asking, every half second, not in a busy loop")
        .isBetween(2, 4);
  }

  @Test
  void registrationInAnotherClusterIsNotWhatItWaitsFor() {
    agent.thenAnswer(Answer.registered("staging", ARN));

    assertThatThrownBy(() -> waiting(Optional.of("prod")).await(SHORT))
        .hasMessageEndingWith("last seen: registered in cluster staging, not prod");
  }

  @Test
  void aRefusedConnectionMeansNotRegisteredYet() throws IOException {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    assertThatThrownBy(
            () -> new AgentRegistration(closed, Optional.empty(), recording).await(SHORT))
        .hasMessageContaining("(connection refused): not registered yet");
  }

  /** An API that accepts and never answers: each request ends at its share of the deadline. */
  @Test
  void aSilentAgentCannotHoldTheWaitPastItsTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort());

      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () ->
              assertThatThrownBy(
                      () -> new AgentRegistration(url, Optional.empty(), recording).await(SHORT))
                  .hasMessageEndingWith("(SocketTimeoutException)"));
    }
  }

  @Test
  void anAnswerThatIsNotMetadataIsReportedByItsKindOnly() {
    agent.thenAnswer(Answer.body("[\"not\", \"metadata\"]"));

    assertThatThrownBy(() -> waiting(Optional.empty()).await(SHORT))
        .hasMessageEndingWith("(IOException)");
  }

  @Test
  void takesOnlyAnHttpUrl() {
    assertThatThrownBy(
            () ->
                new AgentRegistration(
                    URI.create("https://localhost:51678"), Optional.empty(), recording))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
  }
}
