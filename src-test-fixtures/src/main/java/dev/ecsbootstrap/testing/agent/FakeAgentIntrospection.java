package dev.ecsbootstrap.testing.agent;

import dev.ecsbootstrap.testing.http.LoopbackHttpServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The ECS agent's introspection API on loopback: {@code GET /v1/metadata} answers as {@code
 * AgentMetadataResponse} in {@code ecs-agent/introspection/v1/response.go} (amazon-ecs-agent
 * v1.74.1) does. Answers are scripted: each queued one serves one request, the last one stays.
 */
public final class FakeAgentIntrospection implements AutoCloseable {
  private final Deque<Answer> answers = new ArrayDeque<>();
  private final LoopbackHttpServer server;

  private FakeAgentIntrospection() {
    answers.add(Answer.status(503));
    server =
        LoopbackHttpServer.start(
            "fake-agent-introspection",
            (exchange, request, body) -> {
              Answer answer = next();
              if (!request.path().equals("/v1/metadata") || !request.method().equals("GET")) {
                answer = Answer.status(404);
              }
              LoopbackHttpServer.respond(
                  exchange,
                  answer.status(),
                  "application/json",
                  answer.body().getBytes(StandardCharsets.UTF_8));
            });
  }

  public static FakeAgentIntrospection start() {
    return new FakeAgentIntrospection();
  }

  /** The root to give {@code wait-agent --url}. */
  public URI url() {
    return server.url();
  }

  /** From now on, answers these in turn; the last keeps answering. */
  public synchronized FakeAgentIntrospection thenAnswer(Answer... sequence) {
    answers.clear();
    answers.addAll(java.util.List.of(sequence));
    return this;
  }

  private synchronized Answer next() {
    return answers.size() > 1 ? answers.poll() : answers.peek();
  }

  /** Requests the API saw. */
  public int requests() {
    return server.requests().size();
  }

  @Override
  public void close() {
    server.close();
  }

  /** One answer of the API. */
  public record Answer(int status, String body) {
    /** Registered: the agent serves its metadata with the container instance's ARN. */
    public static Answer registered(String cluster, String containerInstanceArn) {
      return new Answer(
          200,
          "{\"Cluster\":\""
              + cluster
              + "\",\"ContainerInstanceArn\":\""
              + containerInstanceArn
              + "\",\"Version\":\"Amazon ECS Agent - v1.74.1 (2bd9e9a1)\"}");
    }

    /** A body without an ARN: {@code ContainerInstanceArn} is a pointer, serialised as null. */
    public static Answer withoutArn(String cluster) {
      return new Answer(
          200,
          "{\"Cluster\":\""
              + cluster
              + "\",\"ContainerInstanceArn\":null,\"Version\":\"Amazon ECS Agent - v1.74.1 (2bd9e9a1)\"}");
    }

    public static Answer status(int status) {
      return new Answer(status, "");
    }

    public static Answer body(String json) {
      return new Answer(200, json);
    }
  }
}
