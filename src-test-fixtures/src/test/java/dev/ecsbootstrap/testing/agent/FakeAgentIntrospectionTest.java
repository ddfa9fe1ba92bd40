package dev.ecsbootstrap.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.agent.FakeAgentIntrospection.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeAgentIntrospectionTest {
  private final FakeAgentIntrospection agent = FakeAgentIntrospection.start();

  @AfterEach
  void stop() {
    agent.close();
  }

  private String get(String path) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection) URI.create(agent.url() + path).toURL().openConnection();
    int status = connection.getResponseCode();
    if (status != 200) {
      return String.valueOf(status);
    }
    try (InputStream in = connection.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void answersInTurnAndKeepsTheLastAnswer() throws IOException {
    agent.thenAnswer(
        Answer.status(503), Answer.withoutArn("prod"), Answer.registered("prod", "arn:x"));

    assertThat(get("/v1/metadata")).isEqualTo("503");
    assertThat(get("/v1/metadata")).contains("\"ContainerInstanceArn\":null");
    assertThat(get("/v1/metadata")).contains("\"ContainerInstanceArn\":\"arn:x\"");
    assertThat(get("/v1/metadata")).contains("\"ContainerInstanceArn\":\"arn:x\"");
    assertThat(agent.requests()).isEqualTo(4);
  }

  @Test
  void servesOnlyTheMetadataPath() throws IOException {
    agent.thenAnswer(Answer.registered("prod", "arn:x"));

    assertThat(get("/v1/tasks")).isEqualTo("404");
  }
}
