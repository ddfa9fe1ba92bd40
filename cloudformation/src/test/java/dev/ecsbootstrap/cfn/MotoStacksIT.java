package dev.ecsbootstrap.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.S3Backends;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * Both stacks created in moto's CloudFormation, then the resources read back through each service's
 * API. moto skips AWS::S3::BucketPolicy and does not apply a bucket's VersioningConfiguration,
 * PublicAccessBlockConfiguration or OwnershipControls, nor a role's ManagedPolicyArns:
 * TemplateInvariantsTest checks those in the templates instead (README, "What moto cannot check").
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MotoStacksIT {
  private static final String JAR_SHA256 = "ab".repeat(32);
  private static S3Backend moto;
  private static CloudFormationClient cloudFormation;
  private static Ec2Client ec2;
  private static IamClient iam;
  private static Map<String, String> bucketOutputs;

  @BeforeAll
  static void start() {
    moto = S3Backends.MOTO.sharedOrSkip("MotoStacksIT");
    URI endpoint = moto.endpoint();
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    cloudFormation =
        MotoClients.build(CloudFormationClient.builder(), endpoint, Region.US_EAST_1, credentials);
    ec2 = MotoClients.build(Ec2Client.builder(), endpoint, Region.US_EAST_1, credentials);
    iam = MotoClients.build(IamClient.builder(), endpoint, Region.AWS_GLOBAL, credentials);
  }

  @AfterAll
  static void stop() {
    if (cloudFormation != null) {
      cloudFormation.close();
      ec2.close();
      iam.close();
    }
  }

  private static Map<String, String> create(
      String stack, String template, Parameter... parameters) {
    return Stacks.create(cloudFormation, stack, template, parameters);
  }

  private static Parameter parameter(String key, String value) {
    return Stacks.parameter(key, value);
  }

  @Test
  @Order(1)
  void configBucketStackMakesAKmsEncryptedPrivateBucket() {
    bucketOutputs = create("ecs-bootstrap-config", "config-bucket.yaml");
    String bucket = bucketOutputs.get("BucketName");
    String keyArn = bucketOutputs.get("KeyArn");

    assertThat(keyArn).startsWith("arn:aws:kms:us-east-1:");
    ServerSideEncryptionRule rule =
        moto.client()
            .getBucketEncryption(request -> request.bucket(bucket))
            .serverSideEncryptionConfiguration()
            .rules()
            .get(0);
    assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString())
        .isEqualTo("aws:kms");
    assertThat(rule.applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo(keyArn);
    // moto's CloudFormation does not apply VersioningConfiguration; TemplateInvariantsTest checks
    // it.
  }

  @Test
  @Order(2)
  void clusterStackMakesAnImdsV2LaunchTemplateWithSecretFreeUserDataAndALeastPrivilegeRole() {
    String vpc = ec2.createVpc(request -> request.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    String subnet =
        ec2.createSubnet(request -> request.vpcId(vpc).cidrBlock("10.0.1.0/24"))
            .subnet()
            .subnetId();
    String bucket = bucketOutputs.get("BucketName");

    create(
        "ecs-bootstrap-cluster",
        "ecs-cluster.yaml",
        parameter("ConfigBucket", bucket),
        parameter("ConfigKmsKeyArn", bucketOutputs.get("KeyArn")),
        parameter("JarSha256", JAR_SHA256),
        parameter("Subnets", subnet));

    Map<String, StackResource> resources =
        cloudFormation
            .describeStackResources(request -> request.stackName("ecs-bootstrap-cluster"))
            .stackResources()
            .stream()
            .collect(Collectors.toMap(StackResource::logicalResourceId, resource -> resource));
    assertThat(resources)
        .containsKeys(
            "Cluster", "InstanceRole", "InstanceProfile", "LaunchTemplate", "AutoScalingGroup");

    ResponseLaunchTemplateData data =
        ec2.describeLaunchTemplateVersions(
                request ->
                    request.launchTemplateId(resources.get("LaunchTemplate").physicalResourceId()))
            .launchTemplateVersions()
            .get(0)
            .launchTemplateData();
    assertThat(data.metadataOptions().httpTokensAsString()).isEqualTo("required");
    assertThat(data.metadataOptions().httpPutResponseHopLimit()).isEqualTo(1);
    String userData =
        new String(Base64.getDecoder().decode(data.userData()), StandardCharsets.UTF_8);
    assertThat(userData)
        .startsWith("#!/usr/bin/env bash\n")
        .contains("ECS_BOOTSTRAP_CONFIG_URIS='s3://" + bucket + "/ecs/registry-auth.env'")
        .contains("ECS_BOOTSTRAP_JAR_SHA256='" + JAR_SHA256 + "'")
        .contains(
            "ECS_BOOTSTRAP_BUNDLE_URI='s3://"
                + bucket
                + "/bin/ecs-bootstrap-bundle-linux-x86_64.tar.gz'")
        .as("no bundle unless BundleSha256 is given")
        .contains("ECS_BOOTSTRAP_BUNDLE_SHA256=''")
        .contains("--kms-key-id " + bucketOutputs.get("KeyArn") + " --cluster ")
        .contains("${IMDS_ENDPOINT:-http://169.254.169.254}")
        .doesNotContain("${!");
    for (String secret : Canary.forms()) {
      assertThat(userData).doesNotContain(secret);
    }

    String role = resources.get("InstanceRole").physicalResourceId();
    String policy =
        URLDecoder.decode(
            iam.getRolePolicy(
                    request -> request.roleName(role).policyName("ecs-bootstrap-read-config"))
                .policyDocument(),
            StandardCharsets.UTF_8);
    assertThat(policy)
        .contains("arn:aws:s3:::" + bucket + "/ecs/registry-auth.env")
        .contains("arn:aws:s3:::" + bucket + "/bin/ecs-bootstrap.jar")
        .contains("arn:aws:s3:::" + bucket + "/bin/ecs-bootstrap-bundle-linux-x86_64.tar.gz")
        .doesNotContain("s3:ListBucket")
        .contains("s3.us-east-1.amazonaws.com")
        .doesNotContain("s3:::" + bucket + "/*");
  }
}
