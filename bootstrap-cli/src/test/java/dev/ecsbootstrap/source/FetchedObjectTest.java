package dev.ecsbootstrap.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The progress-line forms of a fetched object: where from and how stored, never the body. */
class FetchedObjectTest {
  private static final S3Uri URI = S3Uri.parse("s3://cfg-bucket/auth.env");
  private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/k1";
  private static final byte[] BODY = Samples.dockercfgFragment();

  @Test
  void describeNamesVersionEncryptionKeyAndSize() {
    FetchedObject object =
        new FetchedObject(URI, Optional.of("v7"), "aws:kms", Optional.of(KEY), BODY);

    assertThat(object.describe())
        .isEqualTo("version v7, aws:kms " + KEY + ", " + BODY.length + " bytes");
  }

  @Test
  void describeLeavesOutAVersionOrKeyS3DidNotReport() {
    FetchedObject object =
        new FetchedObject(URI, Optional.empty(), "AES256", Optional.empty(), BODY);

    assertThat(object.describe()).isEqualTo("AES256, " + BODY.length + " bytes");
  }

  @Test
  void neitherFormShowsTheBody() {
    FetchedObject object =
        new FetchedObject(URI, Optional.of("v7"), "aws:kms", Optional.of(KEY), BODY);

    assertThat(object)
        .hasToString("FetchedObject[s3://cfg-bucket/auth.env, " + BODY.length + " bytes, aws:kms]");
    for (String secret : Canary.forms()) {
      assertThat(object.toString()).doesNotContain(secret);
      assertThat(object.describe()).doesNotContain(secret);
    }
  }
}
