package dev.ecsbootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.RecordingLog;
import dev.ecsbootstrap.agent.ContainerRestarter;
import dev.ecsbootstrap.agent.SystemdRestarter;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which restarter apply's flags choose; the restarters' own tests run them. */
class ApplyRestartOptionsTest {
  private static ApplyCommand parse(String... args) {
    CommandLine root =
        RootCommand.commandLine(new RootCommand(Map.of(), InputStream.nullInputStream()));
    root.parseArgs(args);
    return root.getSubcommands().get("apply").getCommand();
  }

  @Test
  void aRunScriptChoosesToRecreateTheAgentsContainer() {
    ApplyCommand apply =
        parse(
            "apply",
            "--agent-run-script",
            "/usr/local/libexec/ecs-bootstrap/run-ecs-agent",
            "s3://b/k");

    assertThat(apply.agentRestarter(new RecordingLog())).isInstanceOf(ContainerRestarter.class);
  }

  @Test
  void withoutOneTheAgentIsRestartedThroughSystemd() {
    assertThat(parse("apply", "s3://b/k").agentRestarter(new RecordingLog()))
        .isInstanceOf(SystemdRestarter.class);
  }
}
