package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Console;
import dev.ecsbootstrap.Log;
import dev.ecsbootstrap.agent.AgentRestarter;
import dev.ecsbootstrap.agent.AgentRestarters;
import dev.ecsbootstrap.apply.Apply;
import dev.ecsbootstrap.apply.ApplyRequest;
import dev.ecsbootstrap.apply.ApplyResult;
import dev.ecsbootstrap.apply.AuthTarget;
import dev.ecsbootstrap.apply.Rotation;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.S3Uri;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code apply}: the options of {@link dev.ecsbootstrap.apply.Apply}, and its output. */
@Command(
    name = "apply",
    description = {
      "Merges ecs.config fragments from S3 into /etc/ecs/ecs.config.",
      "",
      "Fetches each fragment with the instance role (IMDSv2), refuses any not SSE-KMS encrypted, too"
          + " large or in another account's bucket, validates it as the ECS agent will parse it, and"
          + " merges it atomically (mode 0600), keeping every other line; retries within --timeout."
    })
final class ApplyCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Parameters(
      arity = "1..*",
      paramLabel = "S3_URI",
      description = "s3://BUCKET/KEY[?versionId=ID] of a fragment; several are merged in order.")
  List<String> sources;

  @Option(
      names = "--ecs-config",
      paramLabel = "PATH",
      defaultValue = "/etc/ecs/ecs.config",
      description = "File to merge into (default: ${DEFAULT-VALUE}); created if missing.")
  Path ecsConfig;

  @Option(
      names = "--expected-bucket-owner",
      paramLabel = "ACCOUNT",
      description =
          "Account id that must own the bucket; default the instance's own account from IMDS;"
              + " 'any' turns the check off.")
  String expectedBucketOwner;

  @Option(
      names = "--kms-key-id",
      paramLabel = "ID|ARN",
      description = "Refuse objects encrypted under any other KMS key.")
  String kmsKeyId;

  @Option(
      names = "--allow-unencrypted",
      description = "Accept objects that are not SSE-KMS encrypted.")
  boolean allowUnencrypted;

  @Option(
      names = "--cluster",
      paramLabel = "NAME|ARN",
      description =
          "Also set ECS_CLUSTER (the same validated, atomic merge); a fragment setting it too is an"
              + " error.")
  String cluster;

  @Option(
      names = "--access-denied-grace",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "How long AccessDenied is retried, for roles and policies still propagating"
              + " (default: ${DEFAULT-VALUE}).")
  Duration accessDeniedGrace;

  @Option(
      names = "--allow-shared-folder",
      description = "Write even if users other than its owner may write the folder (else exit 7).")
  boolean allowSharedFolder;

  @Option(names = "--dry-run", description = "Print the change as a redacted diff; write nothing.")
  boolean dryRun;

  @Option(
      names = "--restart-agent",
      description =
          "Restart the ECS agent when the file changed, or when a restart is pending from an"
              + " earlier run; keeps a state file (see --state-file).")
  boolean restartAgent;

  @Option(
      names = "--force",
      description =
          "With --restart-agent: restart even when the agent keeps no state across restarts and"
              + " its running tasks would be lost (else exit 9).")
  boolean force;

  @Option(
      names = "--state-file",
      paramLabel = "PATH",
      description =
          "Remember ETags and the written file here (mode 0600; no secret) and skip the run when"
              + " nothing changed; default /var/lib/ecs-bootstrap/state.json with"
              + " --restart-agent, else none.")
  Path stateFile;

  @Option(
      names = "--agent-run-script",
      paramLabel = "PATH",
      description =
          "For a containerized agent: --restart-agent runs this script, which recreates the"
              + " container (the docker-agent template installs"
              + " /usr/local/libexec/ecs-bootstrap/run-ecs-agent); without it, systemctl restart"
              + " --no-block ecs.")
  Path agentRunScript;

  /** How --restart-agent restarts the agent on this host: the run script, else systemd. */
  AgentRestarter agentRestarter(Log log) {
    return AgentRestarters.forHost(Optional.ofNullable(agentRunScript), log);
  }

  @Option(
      names = "--target",
      paramLabel = "ecs-config|json",
      defaultValue = "ecs-config",
      description =
          "Where the registry auth goes: ecs.config (default), or the agent's JSON config file,"
              + " which is mounted into the agent container, not exported as its environment.")
  String target;

  @Option(
      names = "--ecs-config-json",
      paramLabel = "PATH",
      description = "JSON config file for --target json (default: /etc/ecs/ecs.config.json).")
  Path ecsConfigJson;

  @Option(
      names = "--move-auth",
      description = "With --target json, remove ECS_ENGINE_AUTH_* lines from ecs.config (else 3).")
  boolean moveAuth;

  @Override
  public Integer call() {
    if (agentRunScript != null && !restartAgent) {
      throw BootstrapException.usage("--agent-run-script goes with --restart-agent");
    }
    ApplyRequest request =
        new ApplyRequest(
            sources.stream().map(S3Uri::parse).toList(),
            ecsConfig,
            Optional.ofNullable(common.region),
            Optional.ofNullable(expectedBucketOwner),
            Optional.ofNullable(kmsKeyId),
            allowUnencrypted,
            Optional.ofNullable(cluster),
            common.timeout,
            accessDeniedGrace,
            dryRun,
            allowSharedFolder,
            Rotation.of(Optional.ofNullable(stateFile), restartAgent, force),
            AuthTarget.of(target, Optional.ofNullable(ecsConfigJson), moveAuth));
    Console output = common.output(spec);
    try (AwsClients aws = root.awsClients(common.endpointUrl)) {
      Apply apply =
          restartAgent ? new Apply(aws, output, agentRestarter(output)) : new Apply(aws, output);
      ApplyResult result = apply.run(request);
      if (common.json) {
        output.result(result.toJson());
      } else if (dryRun) {
        result.redactedDiff().forEach(output::result);
      }
    }
    return 0;
  }
}
