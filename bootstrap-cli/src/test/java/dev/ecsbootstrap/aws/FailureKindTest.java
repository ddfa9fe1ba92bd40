package dev.ecsbootstrap.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.BootstrapException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class FailureKindTest {

  private static S3Exception s3(int status, String code) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
            .build();
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("403 AccessDenied", s3(403, "AccessDenied"), FailureKind.ACCESS_DENIED),
        Arguments.of("503 SlowDown", s3(503, "SlowDown"), FailureKind.TRANSIENT),
        Arguments.of("500 InternalError", s3(500, "InternalError"), FailureKind.TRANSIENT),
        Arguments.of("429", s3(429, "TooManyRequests"), FailureKind.TRANSIENT),
        Arguments.of(
            "404 NoSuchKey",
            NoSuchKeyException.builder().statusCode(404).build(),
            FailureKind.PERMANENT),
        Arguments.of("400 InvalidRequest", s3(400, "InvalidRequest"), FailureKind.PERMANENT),
        Arguments.of(
            "no credentials yet",
            SdkClientException.create("Unable to load credentials"),
            FailureKind.TRANSIENT),
        Arguments.of(
            "connection reset",
            new UncheckedIOException(new IOException("reset")),
            FailureKind.TRANSIENT),
        Arguments.of(
            "our own refusal", BootstrapException.encryptionPolicy("x"), FailureKind.PERMANENT),
        Arguments.of("a bug", new IllegalStateException("bug"), FailureKind.PERMANENT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void classifies(String name, RuntimeException failure, FailureKind expected) {
    assertThat(FailureKind.of(failure)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void describesServiceErrorsByStatusAndCodeOnly() {
    assertThat(Failures.describe(s3(403, "AccessDenied"))).isEqualTo("HTTP 403 AccessDenied");
    assertThat(Failures.describe(SdkClientException.create("first line\nsecond line")))
        .isEqualTo("first line");
  }
}
