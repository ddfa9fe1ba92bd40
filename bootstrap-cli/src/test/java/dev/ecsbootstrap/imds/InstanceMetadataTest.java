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
import java.util.ArrayList;
import java.util.List;
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

  /** Asks the emulator for the identity through the real SDK client, within {@code budget}. */
  private static InstanceIdentity identityFrom(FakeImds imds, Duration budget) {
    try (AwsClients aws =
        new AwsClients(
            Optional.empty(),
            AwsEnvironment.of(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url().toString())),
            "")) {
      Retrier retrier = new Retrier(Deadline.after(budget), Duration.ZERO, message -> {});
      return new InstanceMetadata(aws.imds(), retrier, aws.imdsEndpoint()).identity(WITHOUT_IMDS);
    }
  }

  @Test
  void aRefusedTokenIsRefusedAtOnceSayingWhatImdsAnsweredAndWhatToDo() {
    try (FakeImds imds = FakeImds.start().tokenStatus(403)) {
      long start = System.nanoTime();

      assertThatThrownBy(() -> identityFrom(imds, Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(
              BootstrapException.class,
              e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED))
          .hasMessage(
              "instance metadata (IMDS) at "
                  + imds.url()
                  + " answered HTTP 403 (Forbidden): the instance metadata service is turned off"
                  + " for this instance (its HttpEndpoint metadata option), or a policy blocks the"
                  + " request; turn it on with aws ec2 modify-instance-metadata-options"
                  + " --http-endpoint enabled, or "
                  + WITHOUT_IMDS);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(imds.requests()).hasSize(1);
    }
  }

  @Test
  void aTokenRequestTheEndpointDoesNotAllowIsRefusedAtOnce() {
    try (FakeImds imds = FakeImds.start().tokenStatus(405)) {
      assertThatThrownBy(() -> identityFrom(imds, Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(
              BootstrapException.class,
              e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED))
          .hasMessageContaining(
              "answered HTTP 405 (Method Not Allowed) to the IMDSv2 token request (a PUT): the"
                  + " endpoint does not speak IMDSv2, or a proxy in between forwards only GET; "
                  + WITHOUT_IMDS);
      assertThat(imds.requests()).hasSize(1);
    }
  }

  @Test
  void aMissingIdentityDocumentIsRefusedAtOnce() {
    try (FakeImds imds =
        FakeImds.start()
            .failPathFor(InstanceMetadata.IDENTITY_DOCUMENT, 404, Duration.ofMinutes(1))) {
      assertThatThrownBy(() -> identityFrom(imds, Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(
              BootstrapException.class,
              e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SOURCE_REFUSED))
          .hasMessageContaining(
              "answered HTTP 404 (Not Found) for the instance identity document: this endpoint is"
                  + " not an EC2 instance's metadata service; "
                  + WITHOUT_IMDS);
      assertThat(imds.requests()).extracting(r -> r.method()).containsExactly("PUT", "GET");
    }
  }

  @Test
  void aRefusedConnectionIsNamedWithItsEndpointNotTheSdksRetryCount() {
    List<String> warnings = new ArrayList<>();
    URI gone;
    try (FakeImds imds = FakeImds.start()) {
      gone = imds.url();
    }
    try (AwsClients aws =
        new AwsClients(
            Optional.empty(),
            AwsEnvironment.of(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", gone.toString())),
            "")) {
      Retrier retrier =
          new Retrier(Deadline.after(Duration.ofMillis(600)), Duration.ZERO, warnings::add);

      assertThatThrownBy(
              () ->
                  new InstanceMetadata(aws.imds(), retrier, aws.imdsEndpoint())
                      .identity(WITHOUT_IMDS))
          .hasMessageContaining("(last: Connection refused at " + gone + ")")
          .hasMessageNotContaining("Exceeded maximum number of retries");
    }
    assertThat(warnings)
        .isNotEmpty()
        .allSatisfy(
            warning ->
                assertThat(warning)
                    .startsWith("instance metadata (IMDS): Connection refused at " + gone + ";"));
  }
}
