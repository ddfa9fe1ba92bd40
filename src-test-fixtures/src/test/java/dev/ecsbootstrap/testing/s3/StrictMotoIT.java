package dev.ecsbootstrap.testing.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The strict moto: set up with authentication off, then every request checked. Also pins what it
 * does not check, which the README's test section lists.
 */
class StrictMotoIT {
  private static final String BUCKET = "strict-config";
  private static final String OTHER_BUCKET = "strict-other";
  private static final String POLICIED_BUCKET = "strict-policied";
  private static final String READABLE = "ecs/registry-auth.env";
  private static final String UNREADABLE = "ecs/other.env";
  private static final String KMS_ENCRYPTED = "ecs/kms.env";
  private static final String READ_TWO_KEYS =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
          + "\"Resource\":[\"arn:aws:s3:::"
          + BUCKET
          + "/"
          + READABLE
          + "\",\"arn:aws:s3:::"
          + BUCKET
          + "/"
          + KMS_ENCRYPTED
          + "\",\"arn:aws:s3:::"
          + POLICIED_BUCKET
          + "/"
          + READABLE
          + "\"]}]}";
  // The trust policy CloudFormation gives an instance role: only the EC2 service.
  private static final String TRUST_EC2 =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
  private static final String TRUST_SOMEONE_ELSE =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
          + "\"arn:aws:iam::123456789012:user/someone-else\"},\"Action\":\"sts:AssumeRole\"}]}";

  private static StrictMoto moto;
  private static RoleSession session;
  private static String untrustedRoleArn;

  @BeforeAll
  static void setUp() {
    StrictMoto.unavailableReason().ifPresent(reason -> Assumptions.abort(reason));
    moto = StrictMoto.start();
    moto.s3().createBucket(request -> request.bucket(BUCKET));
    moto.s3().createBucket(request -> request.bucket(OTHER_BUCKET));
    moto.s3().createBucket(request -> request.bucket(POLICIED_BUCKET));
    put(BUCKET, READABLE);
    put(BUCKET, UNREADABLE);
    put(OTHER_BUCKET, READABLE);
    put(POLICIED_BUCKET, READABLE);
    S3Seeding.put(
        moto.s3(),
        BUCKET,
        KMS_ENCRYPTED,
        "A=b\n".getBytes(StandardCharsets.UTF_8),
        ObjectEncryption.kms(TestKms.KEY_ARN),
        keyArn -> keyArn);
    String roleArn = role("strict-reader", TRUST_EC2);
    moto.trustSeedingUser("strict-reader");
    untrustedRoleArn = role("strict-untrusted", TRUST_SOMEONE_ELSE);

    moto.authenticationOn();
    session = moto.assumeRole(roleArn, "i-0123456789abcdef0");
  }

  @AfterAll
  static void stop() {
    if (moto != null) {
      moto.close();
    }
  }

  private static void put(String bucket, String key) {
    moto.s3()
        .putObject(
            request -> request.bucket(bucket).key(key),
            RequestBody.fromString(bucket + "/" + key, StandardCharsets.UTF_8));
  }

  private static String role(String name, String trustPolicy) {
    String arn =
        moto.iam()
            .createRole(request -> request.roleName(name).assumeRolePolicyDocument(trustPolicy))
            .role()
            .arn();
    moto.iam()
        .putRolePolicy(
            request ->
                request.roleName(name).policyName("read-two-keys").policyDocument(READ_TWO_KEYS));
    return arn;
  }

  private static String get(S3Client client, String bucket, String key) {
    return client
        .getObjectAsBytes(request -> request.bucket(bucket).key(key))
        .asString(StandardCharsets.UTF_8);
  }

  private static S3Exception refusal(Runnable call) {
    return (S3Exception) assertThatThrownBy(call::run).isInstanceOf(S3Exception.class).actual();
  }

  @Test
  void theSeedingUserKeepsWorkingAfterAuthenticationIsOn() {
    assertThat(moto.authenticating()).isTrue();

    put(BUCKET, "written-after-auth-on");

    assertThat(get(moto.s3(), BUCKET, UNREADABLE)).isEqualTo(BUCKET + "/" + UNREADABLE);
  }

  @Test
  void refusesAKeyItNeverIssued() {
    try (S3Client stranger =
        moto.s3(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
      S3Exception refused = refusal(() -> stranger.listBuckets());

      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
    }
  }

  @Test
  void theRoleSessionReadsWhatItsPolicyAllowsAndNothingElse() {
    try (S3Client role = moto.s3(session.provider())) {
      assertThat(get(role, BUCKET, READABLE)).isEqualTo(BUCKET + "/" + READABLE);

      assertThat(refusal(() -> get(role, BUCKET, UNREADABLE)).awsErrorDetails().errorCode())
          .isEqualTo("AccessDenied");
      assertThat(refusal(() -> get(role, OTHER_BUCKET, READABLE)).awsErrorDetails().errorCode())
          .isEqualTo("AccessDenied");
      assertThat(
              refusal(
                      () ->
                          role.putObject(
                              request -> request.bucket(BUCKET).key(READABLE),
                              RequestBody.fromString("overwritten")))
                  .awsErrorDetails()
                  .errorCode())
          .isEqualTo("AccessDenied");
    }
  }

  @Test
  void refusesAWrongSecretAndAWrongToken() {
    RoleSession wrongSecret =
        new RoleSession(session.accessKeyId(), "not-the-secret", session.sessionToken());
    RoleSession wrongToken =
        new RoleSession(session.accessKeyId(), session.secretAccessKey(), "not-the-token");
    try (S3Client forged = moto.s3(wrongSecret.provider());
        S3Client stale = moto.s3(wrongToken.provider())) {
      assertThat(refusal(() -> get(forged, BUCKET, READABLE)).awsErrorDetails().errorCode())
          .isEqualTo("SignatureDoesNotMatch");
      assertThat(refusal(() -> get(stale, BUCKET, READABLE)).awsErrorDetails().errorCode())
          .isEqualTo("InvalidToken");
    }
  }

  @Test
  void checksTheTrustPolicyOnAssumeRole() {
    StsException refused =
        (StsException)
            assertThatThrownBy(() -> moto.assumeRole(untrustedRoleArn, "untrusted"))
                .isInstanceOf(StsException.class)
                .actual();

    // moto answers AccessDenied inside <ErrorResponse><Errors>, a wrapper the SDK's STS (query
    // protocol) parser does not read, so the status is what the SDK reports.
    assertThat(refused.statusCode()).isEqualTo(403);
  }

  // What moto does not enforce that AWS does (README, "What moto cannot check"): pinned so a moto
  // upgrade that starts enforcing it shows up here.

  @Test
  void doesNotCheckExpectedBucketOwner() {
    try (S3Client role = moto.s3(session.provider())) {
      String body =
          role.getObjectAsBytes(
                  request ->
                      request.bucket(BUCKET).key(READABLE).expectedBucketOwner("999999999999"))
              .asString(StandardCharsets.UTF_8);

      assertThat(body).isEqualTo(BUCKET + "/" + READABLE);
    }
  }

  @Test
  void readsAnSseKmsObjectWithoutAnyKmsPermission() {
    // The role may call s3:GetObject on it, and nothing of KMS: AWS would refuse (kms:Decrypt).
    try (S3Client role = moto.s3(session.provider())) {
      var object = role.getObjectAsBytes(request -> request.bucket(BUCKET).key(KMS_ENCRYPTED));

      assertThat(object.response().ssekmsKeyId()).isEqualTo(TestKms.KEY_ARN);
      assertThat(object.asString(StandardCharsets.UTF_8)).isEqualTo("A=b\n");
    }
  }

  @Test
  void appliesABucketPolicysDenyWhateverItsCondition() {
    // Over plain HTTP aws:SecureTransport is false, so AWS would not apply this Deny.
    String denyOverTls =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::"
            + POLICIED_BUCKET
            + "/*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}}]}";
    try (S3Client role = moto.s3(session.provider())) {
      assertThat(get(role, POLICIED_BUCKET, READABLE)).isEqualTo(POLICIED_BUCKET + "/" + READABLE);
      moto.s3().putBucketPolicy(request -> request.bucket(POLICIED_BUCKET).policy(denyOverTls));
      try {
        assertThat(refusal(() -> get(role, POLICIED_BUCKET, READABLE)).statusCode()).isEqualTo(403);
      } finally {
        moto.s3().deleteBucketPolicy(request -> request.bucket(POLICIED_BUCKET));
      }
    }
  }

  @Test
  void grantsNothingThroughABucketPolicysAllow() {
    // In one account AWS grants what either the identity policy or the bucket policy allows.
    String allowTheRole =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"AWS\":\"*\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::"
            + OTHER_BUCKET
            + "/*\"}]}";
    moto.s3().putBucketPolicy(request -> request.bucket(OTHER_BUCKET).policy(allowTheRole));
    try (S3Client role = moto.s3(session.provider())) {
      assertThat(refusal(() -> get(role, OTHER_BUCKET, READABLE)).awsErrorDetails().errorCode())
          .isEqualTo("AccessDenied");
    } finally {
      moto.s3().deleteBucketPolicy(request -> request.bucket(OTHER_BUCKET));
    }
  }
}
