package dev.ecsbootstrap.imds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.AwsEnvironment;
import dev.ecsbootstrap.aws.Deadline;
import dev.ecsbootstrap.aws.Retrier;
import dev.ecsbootstrap.testing.imds.FakeImds;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataResponse;

class InstanceMetadataTest {
  private static Retrier retrier() {
    return new Retrier(Deadline.after(Duration.ofSeconds(5)), Duration.ZERO, message -> {});
  }

  @Test
  void readsAccountAndRegionFromTheIdentityDocument() {
    InstanceIdentity identity =
        InstanceMetadata.parse(
            """
        {"accountId":"111122223333","architecture":"x86_64","devpayProductCodes":null,
         "marketplaceProductCodes":["x"],"region":"eu-west-1","instanceId":"i-1"}""");

    assertThat(identity).isEqualTo(new InstanceIdentity("111122223333", "eu-west-1"));
  }

  @Test
  void refusesADocumentWithoutAccountOrRegion() {
    assertThatThrownBy(() -> InstanceMetadata.parse("{\"region\":\"eu-west-1\"}"))
        .isInstanceOf(BootstrapException.class)
        .hasMessageContaining("lacks accountId or region");
    assertThatThrownBy(() -> InstanceMetadata.parse("<html>"))
        .isInstanceOf(BootstrapException.class);
  }

  @Test
  void asksForTheIdentityDocumentOnceAndRemembersIt() {
    InMemoryImds imds = InMemoryImds.instance("111122223333", "eu-west-1");
    InstanceMetadata metadata = new InstanceMetadata(imds, retrier());

    assertThat(metadata.identity(WITHOUT_IMDS))
        .isEqualTo(new InstanceIdentity("111122223333", "eu-west-1"));
    assertThat(metadata.identity(WITHOUT_IMDS))
        .isEqualTo(new InstanceIdentity("111122223333", "eu-west-1"));
    assertThat(imds.paths()).containsExactly("/latest/dynamic/instance-identity/document");
  }

  @Test
  void aRefusedDocumentIsASourceRefusalNamingTheAnswer() {
    Ec2MetadataClient refusing =
        new Ec2MetadataClient() {
          @Override
          public Ec2MetadataResponse get(String path) {
            throw SdkServiceException.builder().statusCode(404).build();
          }

          @Override
          public void close() {}
        };

    assertThatThrownBy(() -> new InstanceMetadata(refusing, retrier()).identity(WITHOUT_IMDS))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED))
        .hasMessage("instance metadata refused the identity document: HTTP 404");
  }

  @Test
  void aMalformedDocumentFromImdsIsASourceRefusal() {
    assertThatThrownBy(
            () ->
                new InstanceMetadata(InMemoryImds.serving("{}"), retrier()).identity(WITHOUT_IMDS))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED))
        .hasMessage("instance identity document lacks accountId or region");
  }

  private static final String WITHOUT_IMDS = "pass --region REGION, and apply does not need IMDS";

  /** The real SDK client, pointed at where an IMDS emulator was and no longer is. */
  private static AwsClients clientsOfAStoppedImds() {
    URI gone;
    try (FakeImds imds = FakeImds.start()) {
      gone = imds.url();
    }
    return new AwsClients(
        Optional.empty(),
        AwsEnvironment.of(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", gone.toString())),
        "");
  }

  @Test
  void anUnreachableImdsIsNamedWithHowLongItWasTriedAndHowToDoWithoutIt() {
    try (AwsClients aws = clientsOfAStoppedImds()) {
      Retrier oneSecond =
          new Retrier(Deadline.after(Duration.ofSeconds(1)), Duration.ZERO, message -> {});

      assertThatThrownBy(() -> new InstanceMetadata(aws.imds(), oneSecond).identity(WITHOUT_IMDS))
          .isInstanceOfSatisfying(
              BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.DEADLINE))
          .hasMessageMatching(
              "instance metadata \\(IMDS\\) is unreachable: no answer to \\d+ attempts in"
                  + " \\d\\.\\ds \\(last: .*Connection refused.*\\); not an EC2 instance, or"
                  + " its metadata service is off\\? pass --region REGION, and apply does not need"
                  + " IMDS")
          .hasMessageNotContaining("token");
    }
  }

  @Test
  void anImdsThatAnswersWithErrorsIsNotCalledUnreachable() {
    Ec2MetadataClient failing =
        new Ec2MetadataClient() {
          @Override
          public Ec2MetadataResponse get(String path) {
            throw SdkServiceException.builder().statusCode(503).build();
          }

          @Override
          public void close() {}
        };
    Retrier quick =
        new Retrier(Deadline.after(Duration.ofMillis(300)), Duration.ZERO, message -> {});

    assertThatThrownBy(() -> new InstanceMetadata(failing, quick).identity(WITHOUT_IMDS))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.DEADLINE))
        .hasMessageMatching(
            "instance metadata \\(IMDS\\): still failing after \\d+ attempts in \\d\\.\\ds:"
                + " HTTP 503; pass --region REGION, and apply does not need IMDS");
  }
}
