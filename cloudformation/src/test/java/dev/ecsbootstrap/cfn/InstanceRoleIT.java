package dev.ecsbootstrap.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.cli.Main;
import dev.ecsbootstrap.testing.AgentView;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import dev.ecsbootstrap.testing.Sha256;
import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import dev.ecsbootstrap.testing.imds.FakeImds;
import dev.ecsbootstrap.testing.s3.RoleSession;
import dev.ecsbootstrap.testing.s3.StrictMoto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The instance role exactly as ecs-cluster.yaml makes it, enforced: both stacks created in a moto
 * of this class's own ({@link StrictMoto}), the role's session credentials served by the IMDS
 * emulator as the instance profile's, then authentication switched on, so moto checks every
 * signature and the role's policy on every request. apply reads the fragment and the user data
 * reads the jar; any other object, another bucket and a write are refused with exit 4.
 */
class InstanceRoleIT {
  private static final String CLUSTER_STACK = "ecs-bootstrap-cluster";
  private static final String FRAGMENT_KEY = "ecs/registry-auth.env";
  private static final String JAR_KEY = "bin/ecs-bootstrap.jar";
  private static final String OTHER_KEY = "ecs/other-cluster.env";

  /** BundleKey's default; no object is put there, as before an operator uploads the bundle. */
  private static final String BUNDLE_KEY = "bin/ecs-bootstrap-bundle-linux-x86_64.tar.gz";

  private static final String OTHER_BUCKET = "ecs-bootstrap-not-this-cluster";
  private static final byte[] JAR = "not really a jar".getBytes(StandardCharsets.UTF_8);
  private static final Path BOOTSTRAP_SH =
      Templates.DIRECTORY.resolve("../../userdata-templates/src/main/userdata/lib/bootstrap.sh");

  private static StrictMoto moto;
  private static String bucket;
  private static String keyArn;
  private static String roleName;
  private static RoleSession session;
  private static Map<String, String> clusterParameters;

  @TempDir Path directory;
  private FakeImds imds;
  private Path ecsConfig;

  @BeforeAll
  static void createStacksAndSwitchAuthenticationOn() {
    StrictMoto.unavailableReason().ifPresent(Assumptions::abort);
    moto = StrictMoto.start();
    try (CloudFormationClient cloudFormation =
            MotoClients.build(
                CloudFormationClient.builder(),
                moto.endpoint(),
                Region.US_EAST_1,
                moto.seedingCredentials());
        Ec2Client ec2 =
            MotoClients.build(
                Ec2Client.builder(),
                moto.endpoint(),
                Region.US_EAST_1,
                moto.seedingCredentials())) {
      Map<String, String> outputs =
          create(cloudFormation, "ecs-bootstrap-config", "config-bucket.yaml", Map.of());
      bucket = outputs.get("BucketName");
      keyArn = outputs.get("KeyArn");
      String vpc = ec2.createVpc(request -> request.cidrBlock("10.0.0.0/16")).vpc().vpcId();
      String subnet =
          ec2.createSubnet(request -> request.vpcId(vpc).cidrBlock("10.0.1.0/24"))
              .subnet()
              .subnetId();
      clusterParameters =
          Map.of(
              "ConfigBucket", bucket,
              "ConfigKmsKeyArn", keyArn,
              "JarSha256", Sha256.hex(JAR),
              "Subnets", subnet);
      create(cloudFormation, CLUSTER_STACK, "ecs-cluster.yaml", clusterParameters);
      roleName =
          cloudFormation
              .describeStackResource(
                  request -> request.stackName(CLUSTER_STACK).logicalResourceId("InstanceRole"))
              .stackResourceDetail()
              .physicalResourceId();
    }
    enforceTheTemplatesPolicy(clusterParameters);
    moto.trustSeedingUser(roleName);

    put(bucket, FRAGMENT_KEY, Samples.dockercfgFragment());
    put(bucket, JAR_KEY, JAR);
    put(bucket, OTHER_KEY, Samples.dockercfgFragment());
    moto.s3().createBucket(request -> request.bucket(OTHER_BUCKET));
    put(OTHER_BUCKET, FRAGMENT_KEY, Samples.dockercfgFragment());

    moto.authenticationOn();
    String roleArn = moto.iam().getRole(request -> request.roleName(roleName)).role().arn();
    session = moto.assumeRole(roleArn, "i-0123456789abcdef0");
  }

  /**
   * Puts the template's inline policy on the role again, as text. moto's CloudFormation does create
   * it, parameters substituted, but stores it parsed (moto 5.2.1, {@code moto/iam/models.py},
   * {@code Role.create_from_cloudformation_json}), which its policy check cannot read: every
   * request the role signs gets HTTP 500 ({@code KeyError: 'policy_document'} in {@code
   * moto/iam/access_control.py}). So the document comes from the parsed template, with the values
   * CloudFormation would substitute; nothing of it is retyped here.
   */
  private static void enforceTheTemplatesPolicy(Map<String, String> stackParameters) {
    JsonNode template = Templates.parse("ecs-cluster.yaml");
    Map<String, String> values = new HashMap<>(stackParameters);
    template
        .get("Parameters")
        .fields()
        .forEachRemaining(
            parameter -> {
              if (parameter.getValue().has("Default")) {
                values.putIfAbsent(
                    parameter.getKey(), parameter.getValue().get("Default").asText());
              }
            });
    values.putAll(
        Map.of(
            "AWS::Partition",
            "aws",
            "AWS::Region",
            "us-east-1",
            "AWS::AccountId",
            StrictMoto.ACCOUNT_ID,
            "AWS::StackName",
            CLUSTER_STACK));
    JsonNode policies = Templates.resource(template, "InstanceRole").get("Policies");
    assertThat(moto.iam().listRolePolicies(request -> request.roleName(roleName)).policyNames())
        .as("moto's CloudFormation created the inline policies")
        .containsExactlyElementsOf(policies.findValuesAsText("PolicyName"));
    for (JsonNode policy : policies) {
      String document =
          Intrinsics.resolve(policy.get("PolicyDocument"), values, template.get("Conditions"))
              .toString();
      moto.iam()
          .putRolePolicy(
              request ->
                  request
                      .roleName(roleName)
                      .policyName(policy.get("PolicyName").asText())
                      .policyDocument(document));
    }
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void startImds() throws IOException {
    imds =
        FakeImds.start()
            .accountId(StrictMoto.ACCOUNT_ID)
            .roleName(roleName)
            .credentials(session.accessKeyId(), session.secretAccessKey(), session.sessionToken());
    ecsConfig = directory.resolve("etc/ecs/ecs.config");
    Files.createDirectories(ecsConfig.getParent());
    Files.write(ecsConfig, Samples.existingEcsConfig());
  }

  @AfterEach
  void stopImds() {
    imds.close();
  }

  private static Map<String, String> create(
      CloudFormationClient cloudFormation,
      String stack,
      String template,
      Map<String, String> parameters) {
    return Stacks.create(
        cloudFormation,
        stack,
        template,
        parameters.entrySet().stream()
            .map(parameter -> Stacks.parameter(parameter.getKey(), parameter.getValue()))
            .toArray(Parameter[]::new));
  }

  /** As publish stores objects: SSE-KMS under the config-bucket stack's key. */
  private static void put(String toBucket, String key, byte[] body) {
    moto.s3()
        .putObject(
            request ->
                request
                    .bucket(toBucket)
                    .key(key)
                    .serverSideEncryption(ServerSideEncryption.AWS_KMS)
                    .ssekmsKeyId(keyArn),
            RequestBody.fromBytes(body));
  }

  private static String uri(String inBucket, String key) {
    return "s3://" + inBucket + "/" + key;
  }

  /**
   * The CLI in-process as on the instance: no keys in its environment, so the SDK's default chain
   * reaches the instance profile's credentials through the IMDS emulator.
   */
  private CliResult run(String... args) {
    Map<String, String> environment =
        CliRunner.environment(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            imds.url().toString(),
            "AWS_ENDPOINT_URL_S3",
            moto.endpoint().toString());
    return CliRunner.run(Main::run, environment, args).assertNoSecretLeak(session.secrets());
  }

  private CliResult apply(String uri) {
    return run(
        "apply",
        uri,
        "--ecs-config",
        ecsConfig.toString(),
        "--kms-key-id",
        keyArn,
        "--expected-bucket-owner",
        StrictMoto.ACCOUNT_ID,
        // moto's policies do not propagate: a refusal is final at once.
        "--access-denied-grace",
        "0s");
  }

  private void assertUntouched() throws IOException {
    assertThat(Files.readAllBytes(ecsConfig)).isEqualTo(Samples.existingEcsConfig());
  }

  @Test
  void applyReadsTheFragmentWithTheInstanceRolesCredentials() throws IOException {
    apply(uri(bucket, FRAGMENT_KEY)).assertExit(0);

    assertThat(AgentView.credentials(ecsConfig, Samples.REGISTRY))
        .containsExactly(Canary.USERNAME, Canary.SECRET);
    assertThat(imds.requests())
        .extracting(request -> request.path())
        .contains("/latest/meta-data/iam/security-credentials/" + roleName);
  }

  @Test
  void theRoleReadsTheJar() {
    try (S3Client role = moto.s3(session.provider())) {
      byte[] jar =
          role.getObjectAsBytes(request -> request.bucket(bucket).key(JAR_KEY)).asByteArray();

      assertThat(jar).isEqualTo(JAR);
    }
  }

  /** The user data's own download (lib/bootstrap.sh's s3::download) with the role's session. */
  private CliResult userDataDownload(String uri, Path destination, String... more) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                "-c",
                "source \"$1\" && s3::download \"$2\" \"$3\" \"${4:-}\"",
                "download",
                BOOTSTRAP_SH.toString(),
                uri,
                destination.toString()));
    command.addAll(List.of(more));
    return CliRunner.runProcess(
            command,
            new byte[0],
            Map.of(
                "IMDS_ENDPOINT",
                imds.url().toString().replaceAll("/$", ""),
                "S3_ENDPOINT",
                moto.endpoint().toString().replaceAll("/$", ""),
                "ECS_BOOTSTRAP_RETRIES",
                "1"),
            Duration.ofSeconds(30))
        .assertNoSecretLeak(session.secrets());
  }

  @Test
  void theUserDataDownloadsTheJarWithTheInstanceRolesCredentials() throws IOException {
    Path jar = directory.resolve("ecs-bootstrap.jar");

    userDataDownload(uri(bucket, JAR_KEY), jar).assertExit(0);

    assertThat(Files.readAllBytes(jar)).isEqualTo(JAR);
  }

  /**
   * The fallback to Corretto: with the role's credentials, a bundle not uploaded is "not there" (S3
   * answers 403 AccessDenied to a role that may not list the bucket, moto 404: 3 or 2), and so is
   * one the role may not read (403: 3); neither logs an error line.
   */
  @Test
  void theUserDataTakesAMissingOrUnreadableBundleAsNotThereWithoutAnError() {
    CliResult missing =
        userDataDownload(uri(bucket, BUNDLE_KEY), directory.resolve("bundle.tar.gz"), "absent-ok");
    CliResult unreadable =
        userDataDownload(uri(bucket, OTHER_KEY), directory.resolve("other"), "absent-ok");

    assertThat(missing.exitCode()).isIn(2, 3);
    assertThat(unreadable.exitCode()).isEqualTo(3);
    assertThat(missing.err() + unreadable.err()).doesNotContain("ERROR");
  }

  @Test
  void applyIsRefusedAnotherObjectOfTheSameBucket() throws IOException {
    CliResult result = apply(uri(bucket, OTHER_KEY)).assertExit(ExitCode.SOURCE_REFUSED.value());

    assertThat(result.err()).contains("access denied").contains("HTTP 403 AccessDenied");
    assertUntouched();
  }

  @Test
  void applyIsRefusedTheSameKeyInAnotherBucket() throws IOException {
    CliResult result =
        apply(uri(OTHER_BUCKET, FRAGMENT_KEY)).assertExit(ExitCode.SOURCE_REFUSED.value());

    assertThat(result.err()).contains("access denied").contains("HTTP 403 AccessDenied");
    assertUntouched();
  }

  @Test
  void publishWithTheInstanceRoleIsRefused() throws IOException {
    Path fragment = Files.write(directory.resolve("auth.env"), Samples.dockercfgFragment());

    CliResult result =
        run(
                "publish",
                "--to",
                uri(bucket, FRAGMENT_KEY),
                "--fragment",
                fragment.toString(),
                "--kms-key-id",
                keyArn)
            .assertExit(ExitCode.SOURCE_REFUSED.value());

    assertThat(result.err()).contains("access denied").contains("HTTP 403 AccessDenied");
  }

  @Test
  void aWrongSecretIsRefusedAsASignatureMismatch() throws IOException {
    imds.credentials(session.accessKeyId(), "wrong-secret-access-key", session.sessionToken());

    CliResult result = apply(uri(bucket, FRAGMENT_KEY)).assertExit(ExitCode.SOURCE_REFUSED.value());

    assertThat(result.err())
        .contains("S3 did not accept the credentials for " + uri(bucket, FRAGMENT_KEY))
        .contains("HTTP 403 SignatureDoesNotMatch")
        .doesNotContain("access denied");
    assertUntouched();
  }
}
