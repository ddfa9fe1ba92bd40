package dev.ecsbootstrap.agent;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Log;
import dev.ecsbootstrap.aws.Deadline;
import dev.ecsbootstrap.aws.MetadataConnections;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Waits until the ECS agent on this host has registered its container instance, by polling its
 * introspection API. The agent starts that server only after registering ({@code
 * startAsyncRoutines} in {@code agent/app/agent.go}), so a refused connection means "not yet".
 * Never inside cloud-final: ecs.service starts after it, so the wait would never end.
 */
public final class AgentRegistration {
  /** How often to ask: registration takes seconds, and the API is local. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  private static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(2);

  /** Less time than this left: no new request, whose timeout would then be all it could report. */
  private static final Duration MIN_REQUEST_TIME = Duration.ofMillis(200);

  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final URI metadataUrl;
  private final Optional<String> cluster;
  private final Log log;

  /** {@code agentUrl} is the API's root, such as {@code http://localhost:51678}. */
  public AgentRegistration(URI agentUrl, Optional<String> cluster, Log log) {
    if (!"http".equals(agentUrl.getScheme()) || agentUrl.getHost() == null) {
      throw BootstrapException.usage(
          "--url takes http://HOST[:PORT], the agent's introspection API");
    }
    this.metadataUrl = agentUrl.resolve("/v1/metadata");
    this.cluster = cluster;
    this.log = log;
  }

  /** The agent's metadata once registered (in the cluster, if one was named); exit 6 at timeout. */
  public AgentMetadata await(Duration timeout) {
    Deadline deadline = Deadline.after(timeout);
    String lastSeen = "nothing yet";
    while (true) {
      if (deadline.remaining().compareTo(MIN_REQUEST_TIME) < 0) {
        throw BootstrapException.deadline(
            "the ECS agent had not registered when --timeout passed; last seen: " + lastSeen, null);
      }
      Poll poll = poll(deadline.cap(MAX_REQUEST_TIME));
      if (poll.metadata().filter(this::isWhatWeWait).isPresent()) {
        return poll.metadata().get();
      }
      String state = poll.metadata().map(this::describe).orElse(poll.failure());
      if (!state.equals(lastSeen)) {
        log.info("waiting for the ECS agent: " + state);
        lastSeen = state;
      }
      sleep(deadline.cap(POLL_INTERVAL));
    }
  }

  private boolean isWhatWeWait(AgentMetadata metadata) {
    return metadata.registered() && cluster.map(metadata::inCluster).orElse(true);
  }

  /** One GET: the metadata when the agent answered with it, else what went wrong. */
  private Poll poll(Duration budget) {
    try {
      // The API is on this host: never through a proxy the environment names.
      HttpURLConnection connection =
          new MetadataConnections(budget, budget).createConnection(metadataUrl);
      int status = connection.getResponseCode();
      if (status != 200) {
        return Poll.failed("the introspection API answered HTTP " + status);
      }
      try (InputStream in = connection.getInputStream()) {
        return new Poll(Optional.of(AgentMetadata.parse(in.readNBytes(MAX_BODY_BYTES))), "");
      }
    } catch (ConnectException e) {
      return Poll.failed(
          "no answer at " + metadataUrl + " (connection refused): not registered yet");
    } catch (IOException e) {
      return Poll.failed(
          "no usable answer at " + metadataUrl + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Why metadata the agent served is not yet what {@link #await} waits for. */
  private String describe(AgentMetadata metadata) {
    return metadata.registered()
        ? "registered in cluster " + metadata.cluster() + ", not " + cluster.orElseThrow()
        : "the agent answered without a container instance ARN";
  }

  private record Poll(Optional<AgentMetadata> metadata, String failure) {
    static Poll failed(String failure) {
      return new Poll(Optional.empty(), failure);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the ECS agent", e);
    }
  }
}
