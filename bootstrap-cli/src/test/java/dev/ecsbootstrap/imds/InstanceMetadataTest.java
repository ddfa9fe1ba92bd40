package dev.ecsbootstrap.imds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.aws.Deadline;
import dev.ecsbootstrap.aws.Retrier;
import java.time.Duration;
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

    assertThat(metadata.identity()).isEqualTo(new InstanceIdentity("111122223333", "eu-west-1"));
    assertThat(metadata.identity()).isEqualTo(new InstanceIdentity("111122223333", "eu-west-1"));
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

    assertThatThrownBy(() -> new InstanceMetadata(refusing, retrier()).identity())
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED))
        .hasMessage("instance metadata refused the identity document: HTTP 404");
  }

  @Test
  void aMalformedDocumentFromImdsIsASourceRefusal() {
    assertThatThrownBy(() -> new InstanceMetadata(InMemoryImds.serving("{}"), retrier()).identity())
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED))
        .hasMessage("instance identity document lacks accountId or region");
  }
}
