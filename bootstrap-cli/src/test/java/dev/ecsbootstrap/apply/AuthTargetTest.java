package dev.ecsbootstrap.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthTargetTest {

  private static void assertUsage(Runnable run, String message) {
    assertThatThrownBy(run::run)
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  @Test
  void ecsConfigIsTheDefaultAndJsonDefaultsToEcsInitsFile() {
    assertThat(AuthTarget.of("ecs-config", Optional.empty(), false))
        .isEqualTo(AuthTarget.ECS_CONFIG);
    assertThat(AuthTarget.of("json", Optional.empty(), true))
        .isEqualTo(new AuthTarget(true, Path.of("/etc/ecs/ecs.config.json"), true));
  }

  @Test
  void refusesAnUnknownTargetAndJsonFlagsWithoutIt() {
    assertUsage(
        () -> AuthTarget.of("JSON", Optional.empty(), false), "--target takes ecs-config or json");
    assertUsage(
        () -> AuthTarget.of("ecs-config", Optional.empty(), true),
        "--ecs-config-json and --move-auth need --target json");
    assertUsage(
        () -> AuthTarget.of("ecs-config", Optional.of(Path.of("/x.json")), false),
        "--ecs-config-json and --move-auth need --target json");
  }

  @Test
  void refusesAJsonFileThatIsEcsConfigItself() {
    AuthTarget target =
        AuthTarget.of("json", Optional.of(Path.of("/etc/ecs/../ecs/ecs.config")), false);

    assertUsage(
        () -> target.requireDistinctFrom(Path.of("/etc/ecs/ecs.config")),
        "--ecs-config-json must name another file than --ecs-config");
  }
}
