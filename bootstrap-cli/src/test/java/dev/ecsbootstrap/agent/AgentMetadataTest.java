package dev.ecsbootstrap.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentMetadataTest {
  private static AgentMetadata parse(String json) throws IOException {
    return AgentMetadata.parse(json.getBytes(UTF_8));
  }

  @Test
  void readsTheAgentsResponse() throws IOException {
    AgentMetadata metadata =
        parse(
            "{\"Cluster\":\"prod\",\"ContainerInstanceArn\":\"arn:aws:ecs:us-east-1:111122223333:container-instance/prod/0a1b\","
                + "\"Version\":\"Amazon ECS Agent - v1.74.1 (2bd9e9a1)\"}");

    assertThat(metadata.registered()).isTrue();
    assertThat(metadata.cluster()).isEqualTo("prod");
    assertThat(metadata.version()).contains("Amazon ECS Agent - v1.74.1 (2bd9e9a1)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"Cluster\":\"prod\",\"ContainerInstanceArn\":null}",
        "{\"Cluster\":\"prod\",\"ContainerInstanceArn\":\"\"}",
        "{\"Cluster\":\"prod\"}"
      })
  void aResponseWithoutAnArnIsNotRegistration(String json) throws IOException {
    AgentMetadata metadata = parse(json);

    assertThat(metadata.registered()).isFalse();
    assertThat(metadata.version()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"prod\"", "{}", "{\"Cluster\":7}", "null"})
  void refusesWhatIsNotAnAgentMetadataObject(String json) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "prod, prod, true",
    "prod, arn:aws:ecs:us-east-1:111122223333:cluster/prod, true",
    "arn:aws:ecs:us-east-1:111122223333:cluster/prod, prod, true",
    "arn:aws:ecs:us-east-1:111122223333:cluster/prod, arn:aws:ecs:us-east-1:111122223333:cluster/prod, true",
    "prod, production, false",
    "default, prod, false",
    "prod, cluster/prod, false"
  })
  void matchesAClusterByNameOrArn(String reported, String expected, boolean match)
      throws IOException {
    assertThat(parse("{\"Cluster\":\"" + reported + "\"}").inCluster(expected)).isEqualTo(match);
  }
}
