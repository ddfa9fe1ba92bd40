package dev.ecsbootstrap.aws;

import dev.ecsbootstrap.BootstrapException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * One-line descriptions of SDK failures for logs: status, error code and request id, never a body.
 */
public final class Failures {
  private static final int MAX_MESSAGE = 300;

  /** S3's 403 codes for credentials it does not accept, as opposed to a missing permission. */
  private static final Set<String> REFUSED_CREDENTIALS =
      Set.of(
          "SignatureDoesNotMatch",
          "InvalidAccessKeyId",
          "InvalidToken",
          "ExpiredToken",
          "RequestTimeTooSkewed");

  private Failures() {}

  public static String describe(Throwable failure) {
    if (failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      String code = aws.awsErrorDetails().errorCode();
      return "HTTP "
          + aws.statusCode()
          + (code == null ? "" : " " + code)
          + (aws.requestId() == null ? "" : " (request id " + aws.requestId() + ")");
    }
    if (failure instanceof SdkServiceException service) {
      return "HTTP " + service.statusCode();
    }
    String message =
        failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    String firstLine = message.lines().findFirst().orElse("").strip();
    return firstLine.length() > MAX_MESSAGE
        ? firstLine.substring(0, MAX_MESSAGE) + "..."
        : firstLine;
  }

  /**
   * The innermost cause, described: what a client failure came down to ("Connection refused",
   * "connect timed out") where the SDK's own message only says that it gave up.
   */
  public static String describeRootCause(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return describe(root);
  }

  /**
   * S3's final answer to a call on {@code uri}, as the refusal (exit 4) an operator acts on: not
   * found, access denied (for which {@code accessDenied} names the object and {@code permissions}
   * what the caller needs), or any other status.
   */
  public static BootstrapException s3Refusal(
      String uri, String accessDenied, String permissions, RuntimeException failure) {
    if (failure instanceof SdkServiceException service && service.statusCode() == 404) {
      return BootstrapException.sourceRefused(
          uri + " not found (" + describe(failure) + ")", failure);
    }
    if (failure instanceof AwsServiceException aws
        && aws.awsErrorDetails() != null
        && REFUSED_CREDENTIALS.contains(aws.awsErrorDetails().errorCode())) {
      return BootstrapException.sourceRefused(
          "S3 did not accept the credentials for "
              + uri
              + " ("
              + describe(failure)
              + "): check the clock and where the credentials come from"
              + " (on an instance, its role through IMDS)",
          failure);
    }
    if (FailureKind.of(failure) == FailureKind.ACCESS_DENIED) {
      // S3 answers 403 both for a missing permission and for ExpectedBucketOwner.
      return BootstrapException.sourceRefused(
          "access denied " + accessDenied + " (" + describe(failure) + "); " + permissions,
          failure);
    }
    return BootstrapException.sourceRefused(uri + ": " + describe(failure), failure);
  }
}
