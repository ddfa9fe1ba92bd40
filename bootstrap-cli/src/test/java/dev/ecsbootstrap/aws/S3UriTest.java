package dev.ecsbootstrap.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3UriTest {

  @Test
  void parsesBucketKeyAndVersion() {
    S3Uri uri = S3Uri.parse("s3://cfg-bucket/ecs/prod/auth.env?versionId=3HL4kqtJlcpXroDTDmJ");

    assertThat(uri.bucket()).isEqualTo("cfg-bucket");
    assertThat(uri.key()).isEqualTo("ecs/prod/auth.env");
    assertThat(uri.versionId()).contains("3HL4kqtJlcpXroDTDmJ");
    assertThat(uri).hasToString("s3://cfg-bucket/ecs/prod/auth.env?versionId=3HL4kqtJlcpXroDTDmJ");
  }

  @Test
  void versionIsOptional() {
    assertThat(S3Uri.parse("s3://cfg-bucket/a").versionId()).isEqualTo(Optional.empty());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://cfg-bucket/key",
        "s3://cfg-bucket",
        "s3://cfg-bucket/",
        "s3://Bad_Bucket/key",
        "s3://ab/key",
        "s3://cfg-bucket/key?versionId="
      })
  void rejectsAsUsageError(String text) {
    assertThatThrownBy(() -> S3Uri.parse(text))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
  }

  @Test
  void anEmptyBucketIsNamedAsAnInvalidBucket() {
    assertThatThrownBy(() -> S3Uri.parse("s3:///auth.env"))
        .hasMessageStartingWith("an S3 URI's bucket is not a valid S3 bucket name");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"c4nary-Pa55", "s3://c4nary-Pa55/key", "s3://c4nary-pa55", "x/c4nary-pa55"})
  void neverQuotesATextThatIsNotAnS3Uri(String text) {
    assertThatThrownBy(() -> S3Uri.parse(text))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContainIgnoringCase("c4nary"));
  }
}
