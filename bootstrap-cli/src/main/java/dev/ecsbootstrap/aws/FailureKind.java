package dev.ecsbootstrap.aws;

import dev.ecsbootstrap.BootstrapException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** How a failed AWS call should be treated by the {@link Retrier}. */
enum FailureKind {
  /** IMDS errors, credentials not there yet, throttling, 5xx, network: retry until the deadline. */
  TRANSIENT,
  /**
   * 403: a role or policy created moments ago may not have propagated; retry during the grace only.
   */
  ACCESS_DENIED,
  /** Not found, bad request, our own refusals: retrying cannot help. */
  PERMANENT;

  public static FailureKind of(Throwable failure) {
    if (failure instanceof BootstrapException) {
      return PERMANENT;
    }
    if (failure instanceof SdkServiceException service) {
      int status = service.statusCode();
      if (status == 403) {
        return ACCESS_DENIED;
      }
      if (status == 429
          || status >= 500
          || service.isThrottlingException()
          || service.retryable()) {
        return TRANSIENT;
      }
      return PERMANENT;
    }
    if (failure instanceof SdkClientException || failure instanceof UncheckedIOException) {
      return TRANSIENT;
    }
    return PERMANENT;
  }
}
