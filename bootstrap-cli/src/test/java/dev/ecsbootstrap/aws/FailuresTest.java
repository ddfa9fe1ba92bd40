package dev.ecsbootstrap.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** One-line failure descriptions, and S3's final answers as the refusals an operator acts on. */
class FailuresTest {
  private static final String URI = "s3://cfg-bucket/auth.env";
  private static final String PERMISSIONS = "the role needs s3:GetObject";

  private static S3Exception s3(int status, String code, String requestId) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
            .requestId(requestId)
            .build();
  }

  private static BootstrapException refusal(RuntimeException failure) {
    return Failures.s3Refusal(URI, "to " + URI, PERMISSIONS, failure);
  }

  @Test
  void describesAnAwsErrorByStatusCodeAndRequestId() {
    assertThat(Failures.describe(s3(403, "AccessDenied", "R1")))
        .isEqualTo("HTTP 403 AccessDenied (request id R1)");
    assertThat(Failures.describe(s3(500, null, null))).isEqualTo("HTTP 500");
  }

  @Test
  void describesOtherServiceErrorsByStatusAlone() {
    assertThat(Failures.describe(SdkServiceException.builder().statusCode(503).build()))
        .isEqualTo("HTTP 503");
  }

  @Test
  void keepsAFirstLineOfThreeHundredCharactersWholeAndCutsALongerOne() {
    String exactly = "x".repeat(300);
    assertThat(Failures.describe(SdkClientException.create(exactly))).isEqualTo(exactly);
    assertThat(Failures.describe(SdkClientException.create(exactly + "y")))
        .isEqualTo(exactly + "...");
  }

  @Test
  void theRootCauseIsWhatAClientFailureCameDownTo() {
    SdkClientException gaveUp =
        SdkClientException.create(
            "Exceeded maximum number of retries",
            new java.io.UncheckedIOException(
                "wrapped", new java.net.ConnectException("Connection refused")));

    assertThat(Failures.describeRootCause(gaveUp)).isEqualTo("Connection refused");
    assertThat(Failures.describeRootCause(SdkClientException.create("no cause")))
        .isEqualTo("no cause");
  }

  @Test
  void namesTheExceptionTypeWhenThereIsNoMessage() {
    assertThat(Failures.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
  }

  @Test
  void notFoundNamesTheUri() {
    S3Exception notFound = s3(404, "NoSuchKey", "R2");

    BootstrapException refusal = refusal(notFound);

    assertThat(refusal.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED);
    assertThat(refusal).hasMessage(URI + " not found (HTTP 404 NoSuchKey (request id R2))");
    assertThat(refusal.getCause()).isSameAs(notFound);
  }

  @Test
  void accessDeniedSaysWhatIsMissing() {
    BootstrapException refusal = refusal(s3(403, "AccessDenied", "R3"));

    assertThat(refusal.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED);
    assertThat(refusal)
        .hasMessage(
            "access denied to " + URI + " (HTTP 403 AccessDenied (request id R3)); " + PERMISSIONS);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SignatureDoesNotMatch",
        "InvalidAccessKeyId",
        "InvalidToken",
        "ExpiredToken",
        "RequestTimeTooSkewed"
      })
  void refusedCredentialsAreNotReportedAsAMissingPermission(String code) {
    BootstrapException refusal = refusal(s3(403, code, "R5"));

    assertThat(refusal.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED);
    assertThat(refusal)
        .hasMessage(
            "S3 did not accept the credentials for "
                + URI
                + " (HTTP 403 "
                + code
                + " (request id R5)): check the clock and where the credentials come from"
                + " (on an instance, its role through IMDS)");
  }

  @Test
  void anyOtherAnswerIsReportedAsItCame() {
    assertThat(refusal(s3(400, "InvalidRequest", "R4")))
        .hasMessage(URI + ": HTTP 400 InvalidRequest (request id R4)");
    assertThat(refusal(SdkClientException.create("Unable to execute HTTP request")))
        .hasMessage(URI + ": Unable to execute HTTP request");
  }
}
