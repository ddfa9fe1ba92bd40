package dev.ecsbootstrap.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * One-line descriptions of SDK failures for logs: status, error code and request id, never a body.
 */
public final class Failures {
  private static final int MAX_MESSAGE = 300;

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

  /** Whether a failure is S3's "not found" for a bucket, key or version. */
  public static boolean isNotFound(Throwable failure) {
    return failure instanceof SdkServiceException service && service.statusCode() == 404;
  }
}
