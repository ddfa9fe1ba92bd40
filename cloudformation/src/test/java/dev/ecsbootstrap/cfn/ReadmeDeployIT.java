package dev.ecsbootstrap.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Tools;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Runs the README's "Deployment with CloudFormation" commands as written (the fenced block after
 * {@value #MARKER}) with bash and the AWS CLI against a moto server, the AWS CLI and the jar
 * finding it through AWS_ENDPOINT_URL. Only {@code mvn} is a stand-in: the build that runs this
 * test already made the jar. moto creates the Auto Scaling group without waiting for the creation
 * policy's signals (no instance boots there), so both stacks complete at once; SimulatedBootIT
 * covers the signal.
 */
class ReadmeDeployIT {
  private static final String MARKER = "<!-- tested by ReadmeDeployIT -->";
  private static final Path REPOSITORY =
      Templates.DIRECTORY.toAbsolutePath().getParent().getParent();
  private static final Region REGION = Region.US_EAST_1;
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  @TempDir Path work;

  static String deploymentCommands() throws IOException {
    String readme = Files.readString(REPOSITORY.resolve("README.md"));
    Matcher block =
        Pattern.compile(Pattern.quote(MARKER) + "\\s*```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL)
            .matcher(readme);
    assertThat(block.find()).as("a fenced block right after " + MARKER + " in README.md").isTrue();
    return block.group(1);
  }

  @Test
  void theReadmeCommandsCreateBothStacksAndAKmsEncryptedFragment() throws IOException {
    Tools.assumeOnPath("aws", "pip install 'awscli<2'");
    Tools.assumeOnPath("moto_server", "pip install 'moto[server]==5.2.1'");
    Path jar = REPOSITORY.resolve("bootstrap-cli/target/ecs-bootstrap.jar");
    assertThat(jar).as("built by mvn -pl cloudformation -am verify").exists();
    Path standIns = Files.createDirectories(work.resolve("stand-ins"));
    Path mvnCalls = work.resolve("mvn.calls");
    Path mvn =
        Files.writeString(
            standIns.resolve("mvn"),
            "#!/usr/bin/env bash\necho \"mvn $*\" >> '" + mvnCalls + "'\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path script =
        Files.writeString(
            work.resolve("deploy.sh"),
            "set -o errexit -o nounset -o pipefail\ncd '"
                + REPOSITORY
                + "'\n"
                + deploymentCommands()
                + "\n");

    try (ChangeSetMoto moto = ChangeSetMoto.start();
        CloudFormationClient cloudFormation =
            MotoClients.build(
                CloudFormationClient.builder(), moto.endpoint(), REGION, CREDENTIALS);
        Ec2Client ec2 =
            MotoClients.build(Ec2Client.builder(), moto.endpoint(), REGION, CREDENTIALS);
        S3Client s3 =
            MotoClients.build(
                S3Client.builder().forcePathStyle(true), moto.endpoint(), REGION, CREDENTIALS)) {
      String subnets = subnets(ec2);

      CliResult deploy =
          CliRunner.runProcess(
              List.of("bash", script.toString()),
              new byte[0],
              Map.of(
                  "PATH",
                  standIns + ":" + System.getenv("PATH"),
                  "AWS_ENDPOINT_URL",
                  moto.endpoint().toString(),
                  "AWS_ACCESS_KEY_ID",
                  "test",
                  "AWS_SECRET_ACCESS_KEY",
                  "test",
                  "AWS_DEFAULT_REGION",
                  REGION.id(),
                  "AWS_REGION",
                  REGION.id(),
                  "REGISTRY_PASSWORD",
                  Canary.SECRET,
                  "SUBNETS",
                  subnets),
              Duration.ofMinutes(5));

      deploy.assertExit(0).assertNoSecretLeak();
      assertThat(Files.readAllLines(mvnCalls)).containsExactly("mvn -B -ntp -DskipTests package");
      for (String stack : List.of("ecs-bootstrap-config", "ecs-bootstrap-cluster")) {
        assertThat(
                cloudFormation
                    .describeStacks(request -> request.stackName(stack))
                    .stacks()
                    .get(0)
                    .stackStatus())
            .as(stack)
            .isEqualTo(StackStatus.CREATE_COMPLETE);
      }
      String bucket = output(cloudFormation, "BucketName");
      String keyArn = output(cloudFormation, "KeyArn");
      for (String key : List.of("ecs/registry-auth.env", "bin/ecs-bootstrap.jar")) {
        HeadObjectResponse head = s3.headObject(request -> request.bucket(bucket).key(key));
        assertThat(head.serverSideEncryption()).as(key).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(head.ssekmsKeyId()).as(key).isEqualTo(keyArn);
      }
    }
  }

  /** Two subnets in a new VPC: moto's Auto Scaling group needs subnets that exist. */
  private static String subnets(Ec2Client ec2) {
    String vpc = ec2.createVpc(request -> request.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    return String.join(
        ",",
        List.of("10.0.1.0/24", "10.0.2.0/24").stream()
            .map(
                cidr ->
                    ec2.createSubnet(request -> request.vpcId(vpc).cidrBlock(cidr))
                        .subnet()
                        .subnetId())
            .toList());
  }

  private static String output(CloudFormationClient cloudFormation, String key) {
    return cloudFormation
        .describeStacks(request -> request.stackName("ecs-bootstrap-config"))
        .stacks()
        .get(0)
        .outputs()
        .stream()
        .filter(output -> output.outputKey().equals(key))
        .findFirst()
        .orElseThrow()
        .outputValue();
  }
}
