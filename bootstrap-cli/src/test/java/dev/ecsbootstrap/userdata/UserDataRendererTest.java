package dev.ecsbootstrap.userdata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.aws.S3Uri;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserDataRendererTest {
  private static final String SHA = "ab".repeat(32);

  private static UserDataParameters parameters(
      String sha, Optional<String> kms, Optional<String> region) {
    return new UserDataParameters(
        List.of(S3Uri.parse("s3://cfg-bucket/a.env"), S3Uri.parse("s3://cfg-bucket/b.env")),
        S3Uri.parse("s3://cfg-bucket/bin/ecs-bootstrap.jar"),
        sha,
        kms,
        Optional.of("111122223333"),
        region,
        Optional.of("prod-blue"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  @Test
  void fillsTheHeaderAndInlinesTheLibrary() {
    String script =
        UserDataRenderer.render(
            "al2023",
            parameters(
                SHA.toUpperCase(Locale.ROOT),
                Optional.of("1234abcd-12ab-34cd-56ef-1234567890ab"),
                Optional.of("eu-west-1")),
            "1.0");

    assertThat(script)
        .startsWith("#!/usr/bin/env bash\n# Rendered by ecs-bootstrap 1.0 render-userdata")
        .contains("ECS_BOOTSTRAP_CONFIG_URIS='s3://cfg-bucket/a.env s3://cfg-bucket/b.env'\n")
        .contains("ECS_BOOTSTRAP_JAR_SHA256='" + SHA + "'\n")
        .contains(
            "ECS_BOOTSTRAP_APPLY_FLAGS='--kms-key-id 1234abcd-12ab-34cd-56ef-1234567890ab"
                + " --expected-bucket-owner 111122223333 --region eu-west-1 --cluster prod-blue'\n")
        .contains("ECS_BOOTSTRAP_REGION='eu-west-1'\n")
        .contains("s3::download() {")
        .doesNotContain("source \"${BASH_SOURCE[0]%/*}/lib/bootstrap.sh\"");
    assertThat(script.indexOf("#!/")).as("one shebang").isEqualTo(script.lastIndexOf("#!/"));
  }

  @Test
  void putsTheHeaderRightAfterTheShebangAndTheLibraryWhereTheTemplateSourcedIt() {
    String script =
        UserDataRenderer.render(
            "al2023", parameters(SHA, Optional.empty(), Optional.of("eu-west-1")), "1.0");

    // The header ends where the template's second line starts; the marker, shellcheck and source
    // lines give way to the library without its shebang, and the template goes on after them.
    assertThat(script)
        .contains(
            "ECS_BOOTSTRAP_REGION='eu-west-1'\n# ecs-bootstrap user data for the ECS-optimized"
                + " Amazon Linux 2023 AMI.")
        .contains(
            "trap 'bootstrap::finish \"$?\"' EXIT\n\n# ecs-bootstrap's lib/bootstrap.sh, its comment"
                + " lines and indentation left out (EC2 user data is at most 16 KB).\n\nIMDS_ENDPOINT=")
        .contains(
            "reads $ECS_CONFIG_FILE after cloud-init\"\n}\n\nbootstrap::ecs-optimized-main"
                + " java-21-amazon-corretto-headless dnf\n")
        .doesNotContain("# ecs-bootstrap:inline")
        .doesNotContain("# shellcheck source=lib/bootstrap.sh");
  }

  @Test
  void refusesValuesThatCannotBeQuotedOrAreWrong() {
    assertThatThrownBy(() -> parameters("xyz", Optional.empty(), Optional.empty()))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
    assertThatThrownBy(() -> parameters(SHA, Optional.of("alias/aws/s3"), Optional.empty()))
        .hasMessageContaining("key id or key ARN");
    assertThatThrownBy(() -> parameters(SHA, Optional.empty(), Optional.of("eu-west-1'; rm -rf /")))
        .hasMessage("--region takes a region name, such as eu-west-1");
    assertThatThrownBy(
            () ->
                new UserDataParameters(
                    List.of(S3Uri.parse("s3://cfg-bucket/it's.env")),
                    S3Uri.parse("s3://cfg-bucket/j.jar"),
                    SHA,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    false))
        .hasMessageContaining("may not contain quotes");
  }

  @Test
  void theJarRegionReachesTheScriptButNotApply() {
    UserDataParameters parameters =
        new UserDataParameters(
            List.of(S3Uri.parse("s3://cfg-bucket/a.env")),
            S3Uri.parse("s3://cfg-bucket/bin/ecs-bootstrap.jar"),
            SHA,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of("ap-southeast-2"),
            Optional.empty(),
            Optional.empty(),
            false);

    String script = UserDataRenderer.render("al2023", parameters, "1.0");

    assertThat(script)
        .contains("ECS_BOOTSTRAP_JAR_REGION='ap-southeast-2'\n")
        .contains("ECS_BOOTSTRAP_APPLY_FLAGS=''\n")
        .doesNotContain("ECS_BOOTSTRAP_REGION=");
    assertThat(
            UserDataRenderer.render(
                "al2023", parameters(SHA, Optional.empty(), Optional.empty()), "1.0"))
        .as("without the flag, the instance's region")
        .doesNotContain("ECS_BOOTSTRAP_JAR_REGION=");
  }

  @Test
  void refusesAJarRegionThatIsNotARegionName() {
    assertThatThrownBy(
            () ->
                UserDataParameters.fromFlags(
                    List.of("s3://cfg-bucket/a.env"),
                    "s3://cfg-bucket/j.jar",
                    SHA,
                    null,
                    null,
                    null,
                    null,
                    "mars-1"))
        .hasMessage("--jar-region takes a region name, such as eu-west-1");
  }

  @Test
  void cloudFormationFormEscapesEveryOtherSubstitution() {
    String script = UserDataRenderer.renderForCloudFormation("al2023");

    assertThat(script)
        .contains("ECS_BOOTSTRAP_CONFIG_URIS='s3://${ConfigBucket}/${FragmentKey}'\n")
        .contains("--cluster ${Cluster}'")
        .contains("ECS_BOOTSTRAP_CFN_SIGNAL='${AWS::StackName} AutoScalingGroup ${AWS::Region}'")
        .contains("ECS_BOOTSTRAP_JAR_REGION='${JarRegion}'\n")
        .contains("ECS_BOOTSTRAP_BUNDLE_URI='s3://${ConfigBucket}/${BundleKey}'\n")
        .contains("ECS_BOOTSTRAP_BUNDLE_SHA256='${BundleSha256}'\n")
        .contains("${!IMDS_ENDPOINT:-http://169.254.169.254}");
    String unescaped =
        script.replaceAll(
            "\\$\\{(ConfigBucket|FragmentKey|JarKey|JarSha256|ConfigKmsKeyArn|Cluster|JarRegion|BundleKey|BundleSha256|AWS::StackName|AWS::Region)}",
            "");
    assertThat(unescaped)
        .as("only stack references are substituted")
        .doesNotContainPattern("\\$\\{[^!]");
  }

  /** EC2 refuses user data over 16 KB (before base64); the longest values every flag allows. */
  @Test
  void everyTemplateFitsEc2sUserDataLimit() {
    String arn =
        "arn:aws"
            + "x".repeat(16)
            + ":kms:"
            + "r".repeat(32)
            + ":111122223333:key/mrk-"
            + "0".repeat(32);
    UserDataParameters longest =
        new UserDataParameters(
            List.of(S3Uri.parse("s3://" + "b".repeat(63) + "/" + "k".repeat(512))),
            S3Uri.parse("s3://" + "b".repeat(63) + "/" + "j".repeat(512)),
            SHA,
            Optional.of(arn),
            Optional.of("111122223333"),
            Optional.of("us-gov-west-1"),
            Optional.of("c".repeat(255)),
            Optional.of("us-gov-west-1"),
            Optional.empty(),
            Optional.empty(),
            false);
    UserDataParameters withBundle =
        longest.withBundle("s3://" + "b".repeat(63) + "/" + "u".repeat(512), SHA);
    for (String template : UserDataRenderer.TEMPLATES) {
      UserDataParameters parameters =
          UserDataRenderer.BUNDLE_TEMPLATES.contains(template) ? withBundle : longest;
      assertThat(UserDataRenderer.render(template, parameters, "1.0").getBytes(UTF_8))
          .as(template)
          .hasSizeLessThan(16 * 1024 - 1024);
      assertThat(UserDataRenderer.renderForCloudFormation(template).getBytes(UTF_8))
          .as(template + " for CloudFormation, before its parameters are substituted")
          .hasSizeLessThan(16 * 1024 - 2048);
    }
  }

  /** The longest values every flag allows. */
  private static UserDataParameters longest() {
    String arn =
        "arn:aws"
            + "x".repeat(16)
            + ":kms:"
            + "r".repeat(32)
            + ":111122223333:key/mrk-"
            + "0".repeat(32);
    return new UserDataParameters(
        List.of(S3Uri.parse("s3://" + "b".repeat(63) + "/" + "k".repeat(512))),
        S3Uri.parse("s3://" + "b".repeat(63) + "/" + "j".repeat(512)),
        SHA,
        Optional.of(arn),
        Optional.of("111122223333"),
        Optional.of("us-gov-west-1"),
        Optional.of("c".repeat(255)),
        Optional.of("us-gov-west-1"),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  /**
   * With --rotation the ECS-optimized templates fit EC2's limit with every value at its longest;
   * the plain-AMI one fits with S3 keys of 256 characters and is refused, with the reason, beyond.
   */
  @Test
  void withRotationEveryTemplateFitsEc2sLimitOrIsRefusedSayingWhy() {
    UserDataParameters longest = longest().withRotation(Optional.of(Duration.ofHours(168)), true);
    for (String template : UserDataRenderer.BUNDLE_TEMPLATES) {
      assertThat(
              UserDataRenderer.render(
                      template,
                      longest.withBundle("s3://" + "b".repeat(63) + "/" + "u".repeat(512), SHA),
                      "1.0")
                  .getBytes(UTF_8))
          .as(template)
          .hasSizeLessThanOrEqualTo(UserDataRenderer.EC2_USER_DATA_LIMIT);
    }
    UserDataParameters long256 =
        new UserDataParameters(
                List.of(S3Uri.parse("s3://" + "b".repeat(63) + "/" + "k".repeat(256))),
                S3Uri.parse("s3://" + "b".repeat(63) + "/" + "j".repeat(256)),
                SHA,
                longest.kmsKeyId(),
                longest.expectedBucketOwner(),
                longest.region(),
                Optional.of("c".repeat(255)),
                longest.jarRegion(),
                Optional.empty(),
                Optional.empty(),
                false)
            .withRotation(Optional.of(Duration.ofHours(168)), true);
    assertThat(UserDataRenderer.render("docker-agent", long256, "1.0").getBytes(UTF_8))
        .hasSizeLessThanOrEqualTo(UserDataRenderer.EC2_USER_DATA_LIMIT);
    assertThatThrownBy(() -> UserDataRenderer.render("docker-agent", longest, "1.0"))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining("over EC2's limit of 16384")
        .hasMessageEndingWith("or leave out --rotation");
  }

  @Test
  void rotationInlinesItsLibraryAndSetsThePeriodOnlyWhenAskedFor() {
    UserDataParameters plain = parameters(SHA, Optional.empty(), Optional.empty());

    for (String template : UserDataRenderer.TEMPLATES) {
      assertThat(UserDataRenderer.render(template, plain, "1.0"))
          .as(template)
          .doesNotContain("ECS_BOOTSTRAP_ROTATION_SECONDS")
          .doesNotContain("ecs-bootstrap-rotate")
          .doesNotContain("ECS_BOOTSTRAP_TARGET='")
          .contains("rotation::install() { :; }");
      assertThat(
              UserDataRenderer.render(
                  template, plain.withRotation(true, "90m", "ecs-config"), "1.0"))
          .as(template)
          .contains("ECS_BOOTSTRAP_ROTATION_SECONDS='5400'\n")
          .contains("# ecs-bootstrap's lib/rotation.sh")
          .contains(
              "rotation::install() {\nlocal s=$ECS_BOOTSTRAP_ROTATION_SECONDS u=ecs-bootstrap-rotate ")
          .doesNotContain("ECS_BOOTSTRAP_TARGET='")
          .doesNotContain("--target");
      assertThat(UserDataRenderer.renderForCloudFormation(template))
          .as(template + " for CloudFormation")
          .doesNotContain("ecs-bootstrap-rotate");
    }
  }

  @Test
  void theJsonTargetReachesEveryApplyAndTheTemplate() {
    String script =
        UserDataRenderer.render(
            "docker-agent",
            parameters(SHA, Optional.empty(), Optional.empty()).withRotation(false, null, "json"),
            "1.0");

    assertThat(script)
        .contains(
            "ECS_BOOTSTRAP_APPLY_FLAGS='--expected-bucket-owner 111122223333 --cluster"
                + " prod-blue --target json'\n")
        .contains("ECS_BOOTSTRAP_TARGET='json'\n")
        .doesNotContain("ECS_BOOTSTRAP_ROTATION_SECONDS");
    assertThatThrownBy(
            () ->
                parameters(SHA, Optional.empty(), Optional.empty())
                    .withRotation(false, null, "ecs.config.json"))
        .hasMessage("--target takes ecs-config or json");
  }

  @Test
  void theRotationPeriodIsWholeSecondsFromFiveMinutesToAWeek() {
    UserDataParameters plain = parameters(SHA, Optional.empty(), Optional.empty());
    for (String wrong : List.of("4m", "169h", "3600500ms", "1d", "")) {
      assertThatThrownBy(() -> plain.withRotation(true, wrong, "ecs-config"))
          .as(wrong)
          .hasMessage(
              "--rotation-interval takes whole seconds from 5m to 168h (a systemd timer period),"
                  + " such as 30m or 2h");
    }
    assertThat(plain.withRotation(true, "5m", "ecs-config").rotationInterval())
        .contains(Duration.ofMinutes(5));
    assertThat(plain.withRotation(true, "PT168H", "ecs-config").rotationInterval())
        .contains(Duration.ofHours(168));
  }

  @Test
  void theRotationPeriodIsAnHourUnlessGivenAndGoesWithRotationOnly() {
    UserDataParameters plain = parameters(SHA, Optional.empty(), Optional.empty());

    assertThat(plain.withRotation(true, null, "ecs-config").rotationInterval())
        .contains(Duration.ofHours(1));
    assertThat(plain.withRotation(false, null, "ecs-config").rotationInterval()).isEmpty();
    assertThatThrownBy(() -> plain.withRotation(false, "2h", "ecs-config"))
        .hasMessage("--rotation-interval goes with --rotation");
  }

  @Test
  void theLibraryArrivesWithoutCommentLinesAndIndentationButWithShellcheckDirectives() {
    assertThat(
            UserDataRenderer.compacted(
                "# why\nrun() {\n  # because\n  a # kept\n  # shellcheck disable=SC2086 # x\n}\n"))
        .isEqualTo("run() {\na # kept\n# shellcheck disable=SC2086 # x\n}\n");
  }

  @Test
  void hereDocumentsArriveAsTheyAre() {
    assertThat(
            UserDataRenderer.compacted(
                "  write <<EOF && x\n  [Unit]\n# kept\nEOF\n  cat <<<'a'\n  b <<'END'\n  c\nEND\n  d\n"))
        .isEqualTo("write <<EOF && x\n  [Unit]\n# kept\nEOF\ncat <<<'a'\nb <<'END'\n  c\nEND\nd\n");
  }

  @Test
  void refusesUnknownTemplates() {
    assertThatThrownBy(
            () ->
                UserDataRenderer.render(
                    "windows", parameters(SHA, Optional.empty(), Optional.empty()), "1"))
        .hasMessageContaining("choose one of al2023, al2, docker-agent");
  }

  @Test
  void theBundleIsForTheEcsOptimizedTemplatesOnly() {
    UserDataParameters parameters =
        parameters(SHA, Optional.empty(), Optional.empty())
            .withBundle("s3://cfg-bucket/bin/bundle.tar.gz", SHA.toUpperCase(Locale.ROOT));

    assertThat(UserDataRenderer.render("al2", parameters, "1.0"))
        .contains("ECS_BOOTSTRAP_BUNDLE_URI='s3://cfg-bucket/bin/bundle.tar.gz'\n")
        .contains("ECS_BOOTSTRAP_BUNDLE_SHA256='" + SHA + "'\n")
        .contains("bundle::provision() {");
    assertThatThrownBy(() -> UserDataRenderer.render("docker-agent", parameters, "1.0"))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessage("--bundle is for the templates al2023 and al2 only");
    assertThat(UserDataRenderer.renderForCloudFormation("docker-agent"))
        .doesNotContain("BUNDLE")
        .doesNotContain("bundle::");
  }
}
