package dev.ecsbootstrap.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.aws.Deadline;
import dev.ecsbootstrap.aws.Retrier;
import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.testing.Samples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The header checks made before a body is read, for the cases emulators cannot produce, and what
 * one fetch sends and makes of S3's answer (an in-memory S3 stands in for the server).
 */
class S3FragmentSourceTest {
  private static final S3Uri URI = S3Uri.parse("s3://cfg-bucket/auth.env");
  private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/k1";
  private static final String OWNER = "111122223333";

  private final List<String> retries = new ArrayList<>();
  private final InMemoryS3 s3 = new InMemoryS3();

  private FetchedObject fetch(S3Uri uri, ObjectPolicy policy) {
    Retrier retrier =
        new Retrier(Deadline.after(Duration.ofSeconds(5)), Duration.ZERO, retries::add);
    return new S3FragmentSource(s3, retrier).fetch(uri, policy);
  }

  private static ObjectPolicy policyWithOwner(String owner, int maxBytes) {
    return new ObjectPolicy(false, Optional.empty(), Optional.ofNullable(owner), maxBytes);
  }

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
  void anotherKeyIsNamedInTheRefusal() {
    assertThatThrownBy(
            () ->
                S3FragmentSource.checkPolicy(
                    URI,
                    policy(false, KEY),
                    response(ServerSideEncryption.AWS_KMS, KEY.replace("k1", "k2"), 100)))
        .hasMessage(
            "s3://cfg-bucket/auth.env is encrypted under KMS key"
                + " arn:aws:kms:us-east-1:111122223333:key/k2, not "
                + KEY);
  }

  @Test
  void aKmsObjectWithoutAReportedKeySaysSoInsteadOfNull() {
    assertThatThrownBy(
            () ->
                S3FragmentSource.checkPolicy(
                    URI, policy(false, KEY), response(ServerSideEncryption.AWS_KMS, null, 100)))
        .hasMessage(
            "s3://cfg-bucket/auth.env is encrypted with aws:kms, but S3 reported no KMS key id, so"
                + " it cannot be shown to be under "
                + KEY
                + "; check the object with aws s3api head-object, or leave out --kms-key-id")
        .hasMessageNotContaining("null");
    assertThat(refusal(policy(false, KEY), response(ServerSideEncryption.AWS_KMS_DSSE, null, 100)))
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

  @Test
  void fetchSendsTheVersionAndExpectedOwnerAndKeepsWhatS3Reported() {
    S3Uri pinned = S3Uri.parse("s3://cfg-bucket/auth.env?versionId=v7");
    byte[] body = Samples.dockercfgFragment();
    s3.put(
        pinned,
        GetObjectResponse.builder()
            .versionId("v7")
            .serverSideEncryption(ServerSideEncryption.AWS_KMS)
            .ssekmsKeyId(KEY)
            .contentLength((long) body.length)
            .build(),
        body);

    FetchedObject object = fetch(pinned, policyWithOwner(OWNER, ObjectPolicy.DEFAULT_MAX_BYTES));

    GetObjectRequest sent = s3.requests().get(0);
    assertThat(sent.bucket()).isEqualTo("cfg-bucket");
    assertThat(sent.key()).isEqualTo("auth.env");
    assertThat(sent.versionId()).isEqualTo("v7");
    assertThat(sent.expectedBucketOwner()).isEqualTo(OWNER);
    assertThat(sent.checksumMode()).isEqualTo(ChecksumMode.ENABLED);
    assertThat(object.uri()).isEqualTo(pinned);
    assertThat(object.versionId()).contains("v7");
    assertThat(object.encryption()).isEqualTo("aws:kms");
    assertThat(object.kmsKeyId()).contains(KEY);
    assertThat(object.body()).isEqualTo(body);
    assertThat(object.size()).isEqualTo(body.length);
    assertThat(s3.aborts()).isZero();
  }

  @Test
  void withoutVersionOrOwnerNeitherIsSent() {
    s3.putKms(URI, Samples.dockercfgFragment());

    FetchedObject object = fetch(URI, policyWithOwner(null, ObjectPolicy.DEFAULT_MAX_BYTES));

    assertThat(s3.requests().get(0).versionId()).isNull();
    assertThat(s3.requests().get(0).expectedBucketOwner()).isNull();
    assertThat(object.versionId()).isEmpty();
  }

  @Test
  void anObjectRefusedByItsHeadersIsAbortedUnread() {
    s3.put(
        URI,
        GetObjectResponse.builder().serverSideEncryption(ServerSideEncryption.AES256).build(),
        Samples.dockercfgFragment());

    assertThatThrownBy(() -> fetch(URI, policyWithOwner(null, ObjectPolicy.DEFAULT_MAX_BYTES)))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.ENCRYPTION_POLICY))
        .hasMessageStartingWith("s3://cfg-bucket/auth.env is stored with AES256, not SSE-KMS");
    // Refused, not retried: one request, and its body left on the wire.
    assertThat(s3.requests()).hasSize(1);
    assertThat(s3.aborts()).isEqualTo(1);
    assertThat(retries).isEmpty();
  }

  /** An SSE-KMS object whose response has no Content-Length, as a chunked answer would. */
  private void putWithoutContentLength(byte[] body) {
    GetObjectResponse noLength =
        GetObjectResponse.builder()
            .serverSideEncryption(ServerSideEncryption.AWS_KMS)
            .ssekmsKeyId(KEY)
            .build();
    s3.put(URI, noLength, body);
  }

  @Test
  void aBodyOverTheLimitIsRefusedWhenNoLengthWasReported() {
    // Some S3-compatible stores send no Content-Length (chunked): the read itself is bounded.
    putWithoutContentLength(Samples.utf8("ECS_CLUSTER=a\n"));

    assertThatThrownBy(() -> fetch(URI, policyWithOwner(null, 13)))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
              assertThat(e.problems())
                  .extracting(Problem::message)
                  .containsExactly(
                      "is larger than 13 bytes; an ecs.config fragment is a few lines. Refused"
                          + " unread");
            })
        .hasMessage("s3://cfg-bucket/auth.env: 1 error; nothing was written");
    assertThat(s3.aborts()).isEqualTo(1);
  }

  @Test
  void aBodyOfExactlyTheLimitIsRead() {
    putWithoutContentLength(Samples.utf8("ECS_CLUSTER=a\n"));

    assertThat(fetch(URI, policyWithOwner(null, 14)).size()).isEqualTo(14);
    assertThat(s3.aborts()).isZero();
  }

  @Test
  void aMissingObjectIsRefusedAsNotFound() {
    assertThatThrownBy(() -> fetch(URI, policyWithOwner(OWNER, ObjectPolicy.DEFAULT_MAX_BYTES)))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED))
        .hasMessage("s3://cfg-bucket/auth.env not found (HTTP 404 NoSuchKey (request id REQ404))");
  }

  @Test
  void accessDeniedNamesTheExpectedOwnerAndTheNeededPermissions() {
    s3.failWith(
        S3Exception.builder()
            .statusCode(403)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build())
            .requestId("REQ403")
            .build());

    assertThatThrownBy(() -> fetch(URI, policyWithOwner(OWNER, ObjectPolicy.DEFAULT_MAX_BYTES)))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED))
        .hasMessage(
            "access denied to s3://cfg-bucket/auth.env or not owned by account 111122223333"
                + " (HTTP 403 AccessDenied (request id REQ403)); the instance role needs"
                + " s3:GetObject on it and kms:Decrypt on its key");
  }

  private Optional<FetchedObject> fetchIfNoneMatch(String eTag) {
    Retrier retrier =
        new Retrier(Deadline.after(Duration.ofSeconds(5)), Duration.ZERO, retries::add);
    return new S3FragmentSource(s3, retrier)
        .fetchIfNoneMatch(URI, policy(false, null), Optional.ofNullable(eTag));
  }

  @Test
  void aNotModifiedAnswerIsNoObjectNotARefusalAndIsNotRetried() {
    s3.putKms(URI, Samples.dockercfgFragment());
    String eTag = fetch(URI, policy(false, null)).eTag().orElseThrow();

    assertThat(fetchIfNoneMatch(eTag)).isEmpty();
    assertThat(s3.requests()).hasSize(2);
    assertThat(s3.requests().get(1).ifNoneMatch()).isEqualTo(eTag);
    assertThat(retries).isEmpty();
  }

  @Test
  void anObjectWhoseETagChangedIsFetchedWithItsNewETag() {
    s3.putKms(URI, Samples.dockercfgFragment());
    String old = fetch(URI, policy(false, null)).eTag().orElseThrow();
    s3.putKms(URI, Samples.dockerFragment(Samples.REGISTRY));

    FetchedObject object = fetchIfNoneMatch(old).orElseThrow();

    assertThat(object.body()).isEqualTo(Samples.dockerFragment(Samples.REGISTRY));
    assertThat(object.eTag()).isPresent().isNotEqualTo(Optional.of(old));
  }

  @Test
  void withoutAnETagNoConditionIsSent() {
    s3.putKms(URI, Samples.dockercfgFragment());

    assertThat(fetchIfNoneMatch(null)).isPresent();
    assertThat(s3.requests().get(0).ifNoneMatch()).isNull();
  }
}
