package dev.ecsbootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsbootstrap.testing.AgentView;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import dev.ecsbootstrap.testing.cli.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Six {@code apply} processes at once on one ecs.config, each adding different keys from its own
 * fragment object: the lock beside the file serialises them, so no key is lost and each run's
 * report (exit 0, "changed", the keys it added) is true.
 */
class ConcurrentAppliesIT {
  private static final int ROUNDS = 3;

  /** Each fragment and the keys it adds. */
  private static final Map<String, List<String>> FRAGMENTS = new LinkedHashMap<>();

  static {
    FRAGMENTS.put("ECS_LOGLEVEL=debug\n", List.of("ECS_LOGLEVEL"));
    FRAGMENTS.put("ECS_RESERVED_MEMORY=256\n", List.of("ECS_RESERVED_MEMORY"));
    FRAGMENTS.put("ECS_CONTAINER_STOP_TIMEOUT=45s\n", List.of("ECS_CONTAINER_STOP_TIMEOUT"));
    FRAGMENTS.put("ECS_IMAGE_PULL_BEHAVIOR=once\n", List.of("ECS_IMAGE_PULL_BEHAVIOR"));
    FRAGMENTS.put("ECS_ENABLE_TASK_IAM_ROLE=true\n", List.of("ECS_ENABLE_TASK_IAM_ROLE"));
    FRAGMENTS.put(
        new String(Samples.dockercfgFragment(), java.nio.charset.StandardCharsets.UTF_8),
        List.of("ECS_ENGINE_AUTH_TYPE", "ECS_ENGINE_AUTH_DATA"));
  }

  @TempDir Path directory;
  private ApplyProcesses jar;

  @BeforeEach
  void start() {
    jar = ApplyProcesses.start();
  }

  @AfterEach
  void stop() {
    jar.close();
  }

  @Test
  void sixConcurrentRunsLoseNoKeyAndEachReportsWhatItDid() throws Exception {
    List<String> sources = new ArrayList<>();
    int index = 0;
    for (String fragment : FRAGMENTS.keySet()) {
      sources.add(jar.put("ecs/part-" + index++ + ".env", Samples.utf8(fragment)));
    }
    int lost = 0;
    int untrue = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Path target =
          Files.write(directory.resolve("ecs-" + round + ".config"), Samples.existingEcsConfig());
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
      List<CompletableFuture<CliResult>> runs = new ArrayList<>();
      for (String source : sources) {
        runs.add(
            CompletableFuture.supplyAsync(
                () -> jar.run(target, source, "--json", "--timeout", "60s")));
      }
      List<List<String>> expectedKeys = new ArrayList<>(FRAGMENTS.values());
      String content = Files.readString(target);
      for (int run = 0; run < runs.size(); run++) {
        CliResult result = runs.get(run).join().assertNoSecretLeak();
        JsonNode report = new ObjectMapper().readTree(result.out());
        List<String> added = new ArrayList<>();
        report.get("keys").get("added").forEach(key -> added.add(key.asText()));
        boolean isTrue =
            result.exitCode() == 0
                && report.get("status").asText().equals("changed")
                && added.equals(expectedKeys.get(run));
        untrue += isTrue ? 0 : 1;
      }
      content = Files.readString(target);
      for (List<String> keys : expectedKeys) {
        for (String key : keys) {
          lost += content.contains("\n" + key + "=") ? 0 : 1;
        }
      }
      assertThat(AgentView.credentials(target, Samples.REGISTRY))
          .containsExactly(Canary.USERNAME, Canary.SECRET);
      assertThat(ApplyProcesses.tempFiles(target)).isEmpty();
    }
    System.out.printf(
        "ConcurrentAppliesIT: rounds=%d processesPerRound=%d lostKeys=%d untrueReports=%d%n",
        ROUNDS, sources.size(), lost, untrue);
    assertThat(lost).as("keys lost").isZero();
    assertThat(untrue).as("reports not true").isZero();
  }
}
