package dev.ecsbootstrap.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.userdata.UserDataRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** House rules cfn-lint does not know about. */
class TemplateInvariantsTest {
  private final JsonNode bucket = Templates.parse("config-bucket.yaml");
  private final JsonNode cluster = Templates.parse("ecs-cluster.yaml");

  @Test
  void everyTemplateIsDescribedGroupedAndUsesLongFormIntrinsics() {
    for (Path file : Templates.all()) {
      JsonNode template = Templates.parse(file.getFileName().toString());
      assertThat(template.get("Description").asText())
          .as(file.toString())
          .startsWith("ecs-bootstrap: ");
      assertThat(template.at("/Metadata/AWS::CloudFormation::Interface/ParameterGroups").size())
          .as(file.toString())
          .isPositive();
      assertThat(Templates.text(file.getFileName().toString()))
          .as("short-form tags (!Sub, !Ref) are not plain YAML")
          .doesNotContainPattern("(?m):\\s+![A-Z]");
    }
  }

  @Test
  void noTemplateTakesOrHoldsASecret() {
    for (Path file : Templates.all()) {
      String name = file.getFileName().toString();
      JsonNode parameters = Templates.parse(name).get("Parameters");
      List<String> names = new ArrayList<>();
      parameters.fieldNames().forEachRemaining(names::add);
      assertThat(names)
          .as(name)
          .noneMatch(
              parameter ->
                  parameter
                      .toLowerCase(Locale.ROOT)
                      .matches(".*(password|secret|token|credential|auth).*"));
      parameters.forEach(parameter -> assertThat(parameter.has("NoEcho")).as(name).isFalse());
      for (String secret : Canary.forms()) {
        assertThat(Templates.text(name)).doesNotContain(secret);
      }
    }
  }

  @Test
  void theKeyRotatesAndS3MayUseItOnlyForThisAccount() {
    JsonNode key = Templates.resource(bucket, "ConfigKey");
    assertThat(key.get("EnableKeyRotation").asBoolean()).isTrue();
    JsonNode s3Use = key.at("/KeyPolicy/Statement/1");
    assertThat(s3Use.at("/Condition/StringEquals/kms:ViaService/Fn::Sub").asText())
        .isEqualTo("s3.${AWS::Region}.amazonaws.com");
    assertThat(s3Use.at("/Condition/StringEquals/kms:CallerAccount/Ref").asText())
        .isEqualTo("AWS::AccountId");
  }

  @Test
  void theBucketIsKmsEncryptedVersionedPrivateAndOwnerEnforced() {
    JsonNode properties = Templates.resource(bucket, "ConfigBucket");
    JsonNode encryption = properties.at("/BucketEncryption/ServerSideEncryptionConfiguration/0");
    assertThat(encryption.at("/ServerSideEncryptionByDefault/SSEAlgorithm").asText())
        .isEqualTo("aws:kms");
    assertThat(encryption.get("BucketKeyEnabled").asBoolean()).isTrue();
    assertThat(properties.at("/VersioningConfiguration/Status").asText()).isEqualTo("Enabled");
    properties
        .get("PublicAccessBlockConfiguration")
        .forEach(flag -> assertThat(flag.asBoolean()).isTrue());
    assertThat(properties.get("PublicAccessBlockConfiguration").size()).isEqualTo(4);
    assertThat(properties.at("/OwnershipControls/Rules/0/ObjectOwnership").asText())
        .isEqualTo("BucketOwnerEnforced");
  }

  @Test
  void theBucketPolicyDeniesPlainHttpAndUploadsWithoutKms() {
    JsonNode statements =
        Templates.resource(bucket, "ConfigBucketPolicy").at("/PolicyDocument/Statement");
    assertThat(statements.get(0).get("Effect").asText()).isEqualTo("Deny");
    assertThat(statements.get(0).at("/Condition/Bool/aws:SecureTransport").asText())
        .isEqualTo("false");
    assertThat(statements.get(1).get("Effect").asText()).isEqualTo("Deny");
    assertThat(statements.get(1).get("Action").asText()).isEqualTo("s3:PutObject");
    assertThat(
            statements
                .get(1)
                .at("/Condition/StringNotEquals/s3:x-amz-server-side-encryption")
                .asText())
        .isEqualTo("aws:kms");
  }

  @Test
  void theInstanceRoleReadsOnlyTheFragmentTheJarAndTheBundleAndDecryptsOnlyThroughS3() {
    JsonNode statements =
        Templates.resource(cluster, "InstanceRole").at("/Policies/0/PolicyDocument/Statement");
    assertThat(statements.size()).isEqualTo(3);
    JsonNode read = statements.get(0);
    assertThat(read.get("Action"))
        .extracting(JsonNode::asText)
        .containsExactly("s3:GetObject", "s3:GetObjectVersion");
    assertThat(read.get("Resource"))
        .extracting(resource -> resource.get("Fn::Sub").asText())
        .containsExactly(
            "arn:${AWS::Partition}:s3:::${ConfigBucket}/${FragmentKey}",
            "arn:${AWS::Partition}:s3:::${ConfigBucket}/${JarKey}",
            "arn:${AWS::Partition}:s3:::${ConfigBucket}/${BundleKey}");
    JsonNode decrypt = statements.get(1);
    assertThat(decrypt.get("Action").asText()).isEqualTo("kms:Decrypt");
    assertThat(decrypt.at("/Resource/Ref").asText()).isEqualTo("ConfigKmsKeyArn");
    JsonNode viaService = decrypt.at("/Condition/StringEquals/kms:ViaService/Fn::If");
    assertThat(viaService.get(0).asText()).isEqualTo("ConfigBucketInAnotherRegion");
    assertThat(viaService.get(1).at("/Fn::Sub").asText())
        .isEqualTo("s3.${JarRegion}.amazonaws.com");
    assertThat(viaService.get(2).at("/Fn::Sub").asText())
        .isEqualTo("s3.${AWS::Region}.amazonaws.com");
    assertThat(cluster.at("/Conditions/ConfigBucketInAnotherRegion"))
        .hasToString("{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"JarRegion\"},\"\"]}]}");
  }

  /**
   * The role reads the bundle's key and lists nothing: S3 then answers a missing bundle with 403
   * AccessDenied, which the user data takes as "not there" (a listing limited by s3:prefix would
   * not make it a 404: the GET's own request carries no prefix for the condition to match).
   */
  @Test
  void theInstanceRoleReadsTheBundleAndListsNothing() {
    JsonNode statements =
        Templates.resource(cluster, "InstanceRole").at("/Policies/0/PolicyDocument/Statement");
    assertThat(statements.get(0).get("Resource").toString()).contains("${BundleKey}");
    assertThat(statements.toString()).doesNotContain("s3:ListBucket");
    assertThat(cluster.at("/Parameters/BundleSha256/Default").asText())
        .as("no bundle unless the operator names its digest")
        .isEmpty();
    assertThat(cluster.at("/Parameters/BundleKey/Default").asText())
        .isEqualTo("bin/ecs-bootstrap-bundle-linux-x86_64.tar.gz");
  }

  @Test
  void instancesSignalOnlyTheirOwnStackWhichWaitsForEveryOne() {
    JsonNode signal =
        Templates.resource(cluster, "InstanceRole").at("/Policies/0/PolicyDocument/Statement/2");
    assertThat(signal.get("Action").asText()).isEqualTo("cloudformation:SignalResource");
    assertThat(signal.at("/Resource/Fn::Sub").asText())
        .isEqualTo(
            "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::StackName}/*");
    JsonNode policy = cluster.at("/Resources/AutoScalingGroup/CreationPolicy/ResourceSignal");
    assertThat(policy.at("/Count/Ref").asText()).isEqualTo("DesiredCapacity");
    assertThat(policy.get("Timeout").asText()).isEqualTo("PT15M");
  }

  @Test
  void theLaunchTemplateRequiresImdsV2WithOneHopAndTheEcsOptimizedAmi() {
    JsonNode data = Templates.resource(cluster, "LaunchTemplate").get("LaunchTemplateData");
    assertThat(data.at("/MetadataOptions/HttpTokens").asText()).isEqualTo("required");
    assertThat(data.at("/MetadataOptions/HttpPutResponseHopLimit").asInt()).isEqualTo(1);
    assertThat(cluster.at("/Parameters/ImageId/Default").asText())
        .isEqualTo("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id");
  }

  @Test
  void theLaunchTemplateEmbedsExactlyWhatRenderUserdataPrints() {
    String embedded =
        Templates.resource(cluster, "LaunchTemplate")
            .at("/LaunchTemplateData/UserData/Fn::Base64/Fn::Sub")
            .asText();

    assertThat(embedded)
        .as("regenerate with: ecs-bootstrap render-userdata --template al2023 --cloudformation")
        .isEqualTo(UserDataRenderer.renderForCloudFormation("al2023"));
  }

  @Test
  void aStackUpdateReplacesInstancesOneAtATimeAndWaitsForEachBootSignal() {
    JsonNode update =
        cluster.at("/Resources/AutoScalingGroup/UpdatePolicy/AutoScalingRollingUpdate");
    String creationTimeout =
        cluster.at("/Resources/AutoScalingGroup/CreationPolicy/ResourceSignal/Timeout").asText();

    assertThat(update.at("/MinInstancesInService/Ref").asText()).isEqualTo("DesiredCapacity");
    assertThat(update.get("MaxBatchSize").asInt()).isEqualTo(1);
    assertThat(update.get("PauseTime").asText()).isEqualTo(creationTimeout);
    assertThat(update.get("WaitOnResourceSignals").asBoolean()).isTrue();
    assertThat(update.get("SuspendProcesses"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(
            "HealthCheck",
            "ReplaceUnhealthy",
            "AZRebalance",
            "AlarmNotification",
            "ScheduledActions");
  }
}
