package dev.ecsbootstrap.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KmsKeyIdsTest {
  @ParameterizedTest(name = "{0}: alias {1}")
  @CsvSource({
    "alias/ecs-bootstrap, true",
    "arn:aws:kms:eu-west-1:111122223333:alias/ecs-bootstrap, true",
    "arn:aws-cn:kms:cn-north-1:111122223333:alias/ecs-bootstrap, true",
    "1234abcd-12ab-34cd-56ef-1234567890ab, false",
    "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab, false",
    "mrk-1234abcd12ab34cd56ef1234567890ab, false",
  })
  void tellsAnAliasFromAKey(String reference, boolean alias) {
    assertThat(KmsKeyIds.isAlias(reference)).isEqualTo(alias);
  }

  /** Only what KMS writes passes, so a secret pasted into --kms-key-id never reaches a message. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "1234abcd-12ab-34cd-56ef-1234567890ab, true",
    "mrk-1234abcd12ab34cd56ef1234567890ab, true",
    "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab, true",
    "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab, true",
    "alias/ecs-bootstrap, false",
    "hunter2, false",
    "1234ABCD-12AB-34CD-56EF-1234567890AB, false",
    "arn:aws:kms:eu-west-1:111122223333:key/hunter2, false",
    "key-id, false",
  })
  void acceptsOnlyAKeyIdOrKeyArnAsKmsWritesThem(String reference, boolean valid) {
    assertThat(KmsKeyIds.isKeyIdOrArn(reference)).isEqualTo(valid);
  }
}
