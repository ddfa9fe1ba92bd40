package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.Version;
import dev.ecsbootstrap.userdata.UserDataParameters;
import dev.ecsbootstrap.userdata.UserDataRenderer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code render-userdata}: user data that runs apply at boot, without our CloudFormation. */
@Command(
    name = "render-userdata",
    description =
        "Prints EC2 user data that runs apply at boot with the bundle's Java (--bundle) or installs"
            + " Java and fetches the jar, SHA-256 verified. It holds no secret.")
final class RenderUserdataCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--template",
      paramLabel = "NAME",
      defaultValue = "al2023",
      description =
          "al2023 or al2 (ECS-optimized Amazon Linux 2023 or 2), or docker-agent (a plain AMI"
              + " running the agent with docker run --env-file); default: ${DEFAULT-VALUE}.")
  String template;

  @Option(
      names = "--cloudformation",
      description =
          "Print the script as a CloudFormation Fn::Sub body over the stack's parameters (what"
              + " cloudformation/templates/ecs-cluster.yaml embeds).")
  boolean cloudformation;

  @Option(
      names = "--config",
      paramLabel = "S3_URI",
      description = "Fragment for apply (repeatable, merged in order).")
  List<String> configs;

  @Option(names = "--jar", paramLabel = "S3_URI", description = "Where the jar is.")
  String jar;

  @Option(
      names = "--jar-sha256",
      paramLabel = "HEX",
      description = "sha256sum of the jar; user data refuses any other.")
  String jarSha256;

  @Option(names = "--kms-key-id", paramLabel = "ID|ARN", description = "Passed to apply.")
  String kmsKeyId;

  @Option(
      names = "--expected-bucket-owner",
      paramLabel = "ACCOUNT",
      description = "Passed to apply.")
  String expectedBucketOwner;

  @Option(names = "--region", paramLabel = "REGION", description = "Bucket region, or instance's.")
  String region;

  @Option(names = "--cluster", paramLabel = "NAME|ARN", description = "ECS_CLUSTER, set by apply.")
  String cluster;

  @Option(
      names = "--jar-region",
      paramLabel = "REGION",
      description = "Jar bucket's region (saves an S3 redirect at boot); default: --region.")
  String jarRegion;

  @Option(names = "--bundle", paramLabel = "S3_URI", description = "Boot bundle (x86_64).")
  String bundle;

  @Option(names = "--bundle-sha256", paramLabel = "HEX", description = "sha256sum of the bundle.")
  String bundleSha256;

  @Option(names = "--rotation", description = "Install a timer: apply --restart-agent hourly.")
  boolean rotation;

  @Option(
      names = "--rotation-interval",
      paramLabel = "DURATION",
      description = "The timer's period, 5m to 168h; default: 1h.")
  String rotationInterval;

  @Option(names = "--target", paramLabel = "ecs-config|json", description = "Passed to apply.")
  String target;

  @Override
  public Integer call() {
    if (cloudformation) {
      print(UserDataRenderer.renderForCloudFormation(template));
      return 0;
    }
    UserDataParameters parameters =
        UserDataParameters.fromFlags(
                configs, jar, jarSha256, kmsKeyId, expectedBucketOwner, region, cluster, jarRegion)
            .withBundle(bundle, bundleSha256)
            .withRotation(rotation, rotationInterval, target);
    print(UserDataRenderer.render(template, parameters, Version.current()));
    return 0;
  }

  private void print(String script) {
    spec.commandLine().getOut().append(script).flush();
  }
}
