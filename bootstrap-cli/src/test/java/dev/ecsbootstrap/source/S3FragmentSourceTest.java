package dev.ecsbootstrap.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.aws.S3Uri;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The header checks made before a body is read, for the cases emulators cannot produce. */
class S3FragmentSourceTest {
  private static final S3Uri URI = S3Uri.parse("s3://cfg-bucket/auth.env");
  private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/k1";

  private static ObjectPolicy policy(boolean allowUnencrypted, String kmsKey) {
    return new ObjectPolicy(
        allowUnencrypted,
        Optional.ofNullable(kmsKey),
        Optional.empty(),
        ObjectPolicy.DEFAULT_MAX_BYTES);
  }

  private static GetObjectResponse response(ServerSideEncryption sse, String key, long length) {
    return GetObjectResponse.builder()
        .serverSideEncryption(sse)
        .ssekmsKeyId(key)
        .contentLength(length)
        .build();
  }

  private static ExitCode refusal(ObjectPolicy policy, GetObjectResponse response) {
    try {
      S3FragmentSource.checkPolicy(URI, policy, response);
      return ExitCode.OK;
    } catch (BootstrapException e) {
      return e.exitCode();
    }
  }

  @Test
  void acceptsKmsAndDualLayerKms() {
    assertThatCode(
            () ->
                S3FragmentSource.checkPolicy(
                    URI, policy(false, KEY), response(ServerSideEncryption.AWS_KMS, KEY, 100)))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                S3FragmentSource.checkPolicy(
                    URI, policy(false, KEY), response(ServerSideEncryption.AWS_KMS_DSSE, KEY, 100)))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesSseS3AndNoEncryptionUnlessAllowed() {
    assertThatThrownBy(
            () ->
                S3FragmentSource.checkPolicy(
                    URI, policy(false, null), response(ServerSideEncryption.AES256, null, 100)))
        .hasMessage(
            "s3://cfg-bucket/auth.env is stored with AES256, not SSE-KMS (aws:kms); re-upload it"
                + " with KMS encryption, or pass --allow-unencrypted");
    assertThat(refusal(policy(false, null), response(null, null, 100)))
        .isEqualTo(ExitCode.ENCRYPTION_POLICY);
    assertThat(refusal(policy(true, null), response(ServerSideEncryption.AES256, null, 100)))
        .isEqualTo(ExitCode.OK);
  }

  @Test
  void refusesAnotherKey() {
    assertThat(
            refusal(
                policy(false, KEY),
                response(ServerSideEncryption.AWS_KMS, KEY.replace("k1", "k2"), 100)))
        .isEqualTo(ExitCode.ENCRYPTION_POLICY);
  }

  @Test
  void refusesALargeObjectByItsLengthAlone() {
    assertThat(
            refusal(
                policy(false, null),
                response(ServerSideEncryption.AWS_KMS, KEY, ObjectPolicy.DEFAULT_MAX_BYTES + 1)))
        .isEqualTo(ExitCode.INVALID_CONTENT);
    assertThat(
            refusal(
                policy(false, null),
                response(ServerSideEncryption.AWS_KMS, KEY, ObjectPolicy.DEFAULT_MAX_BYTES)))
        .isEqualTo(ExitCode.OK);
  }
}
