package dev.ecsbootstrap.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.fragment.EngineAuthType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** The flags of {@code publish} and every usage error they can make, before anything is read. */
class PublishRequestTest {
  private static final String TO = "s3://config-bucket/ecs/registry-auth.env";
  private static final Path CONFIG = Path.of("/home/op/.docker/config.json");
  private static final Path FRAGMENT = Path.of("registry-auth.env");

  /** The flags a test varies, set fluently; everything else as publish's defaults. */
  private static final class Flags {
    private String to = TO;
    private Path dockerConfig;
    private String username;
    private boolean passwordStdin;
    private Path fragmentFile;
    private List<String> registries = List.of();
    private String format;
    private Optional<String> expectedBucketOwner = Optional.empty();
    private Optional<String> ifMatch = Optional.empty();
    private boolean noOverwrite;

    static Flags ofDockerConfig() {
      return new Flags().with(CONFIG, null, false, null);
    }

    static Flags ofLogin() {
      return new Flags().with(null, "deploy", true, null).withRegistries("Registry.Example.com");
    }

    static Flags ofFragment() {
      return new Flags().with(null, null, false, FRAGMENT);
    }

    Flags with(Path dockerConfig, String username, boolean passwordStdin, Path fragmentFile) {
      this.dockerConfig = dockerConfig;
      this.username = username;
      this.passwordStdin = passwordStdin;
      this.fragmentFile = fragmentFile;
      return this;
    }

    Flags withRegistries(String... names) {
      registries = List.of(names);
      return this;
    }

    Flags withFormat(String name) {
      format = name;
      return this;
    }

    Flags withTo(String uri) {
      to = uri;
      return this;
    }

    Flags withOwner(String account) {
      expectedBucketOwner = Optional.of(account);
      return this;
    }

    Flags withConditions(Optional<String> etag, boolean create) {
      ifMatch = etag;
      noOverwrite = create;
      return this;
    }

    PublishRequest parse() {
      return PublishRequest.fromFlags(
          to,
          dockerConfig,
          username,
          passwordStdin,
          fragmentFile,
          registries,
          format,
          Optional.of("alias/ecs-config"),
          expectedBucketOwner,
          ifMatch,
          noOverwrite,
          Optional.of("eu-west-1"),
          Duration.ofSeconds(42),
          true);
    }
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertUsageError(Flags flags) {
    return assertThatThrownBy(flags::parse)
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
  }

  @Test
  void aDockerConfigKeepsTheNamedRegistriesAsGiven() {
    PublishRequest request = Flags.ofDockerConfig().withRegistries("ghcr.io", "quay.io").parse();

    // The reader normalizes them, so that its messages can name each --registry as given.
    assertThat(request.input())
        .isEqualTo(new PublishInput.DockerConfig(CONFIG, List.of("ghcr.io", "quay.io")));
    assertThat(request.format()).isEmpty();
  }

  @Test
  void aLoginNormalizesItsOneRegistry() {
    assertThat(Flags.ofLogin().parse().input())
        .isEqualTo(new PublishInput.Login("registry.example.com", "deploy"));
  }

  @Test
  void aFragmentFileIsTakenAsIs() {
    assertThat(Flags.ofFragment().parse().input())
        .isEqualTo(new PublishInput.FragmentFile(FRAGMENT));
  }

  @Test
  void keepsEveryOtherFlag() {
    PublishRequest request =
        Flags.ofDockerConfig().withFormat("docker").withOwner("111122223333").parse();

    assertThat(request.to()).isEqualTo(S3Uri.parse(TO));
    assertThat(request.format()).contains(EngineAuthType.DOCKER);
    assertThat(request.kmsKeyId()).contains("alias/ecs-config");
    assertThat(request.expectedBucketOwner()).contains("111122223333");
    assertThat(request.region()).contains("eu-west-1");
    assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(42));
    assertThat(request.dryRun()).isTrue();
  }

  @Test
  void theDestinationCarriesTheUploadSettings() {
    PublishRequest request =
        Flags.ofDockerConfig()
            .withOwner("111122223333")
            .withConditions(Optional.of("\"e1\""), false)
            .parse();

    assertThat(request.destination())
        .isEqualTo(
            new Destination(
                S3Uri.parse(TO),
                Optional.of("alias/ecs-config"),
                Optional.of("111122223333"),
                Optional.of("\"e1\""),
                false));
    assertThat(Flags.ofFragment().withConditions(Optional.empty(), true).parse().destination())
        .isEqualTo(
            new Destination(
                S3Uri.parse(TO),
                Optional.of("alias/ecs-config"),
                Optional.empty(),
                Optional.empty(),
                true));
  }

  @Test
  void readsBothFormatsByTheirWireNames() {
    assertThat(Flags.ofDockerConfig().withFormat("dockercfg").parse().format())
        .contains(EngineAuthType.DOCKERCFG);
    assertThat(Flags.ofLogin().withFormat("docker").parse().format())
        .contains(EngineAuthType.DOCKER);
  }

  @Test
  void refusesAnUnknownFormat() {
    // Matched case-sensitively, as the agent matches ECS_ENGINE_AUTH_TYPE.
    assertUsageError(Flags.ofDockerConfig().withFormat("Docker"))
        .hasMessage("--format must be dockercfg or docker");
  }

  @Test
  void refusesAVersionedDestination() {
    assertUsageError(Flags.ofDockerConfig().withTo(TO + "?versionId=v1"))
        .hasMessage("--to names an object, not a version: drop ?versionId=");
  }

  @Test
  void refusesBothConditions() {
    assertUsageError(Flags.ofDockerConfig().withConditions(Optional.of("\"e1\""), true))
        .hasMessage("--if-match and --no-overwrite exclude each other");
  }

  @Test
  void refusesABucketOwnerThatIsNotAnAccountId() {
    // "any" turns apply's check off; publish always names a real owner or none.
    assertUsageError(Flags.ofDockerConfig().withOwner("any"))
        .hasMessage("--expected-bucket-owner must be a 12-digit account id");
  }

  @Test
  void needsExactlyOneInput() {
    String message = "give exactly one of --docker-config, --username or --fragment";
    assertUsageError(Flags.ofDockerConfig().with(null, null, false, null)).hasMessage(message);
    assertUsageError(Flags.ofLogin().with(CONFIG, "deploy", true, null)).hasMessage(message);
    assertUsageError(Flags.ofDockerConfig().with(CONFIG, null, false, FRAGMENT))
        .hasMessage(message);
    assertUsageError(Flags.ofLogin().with(null, "deploy", true, FRAGMENT)).hasMessage(message);
    assertUsageError(Flags.ofLogin().with(CONFIG, "deploy", true, FRAGMENT)).hasMessage(message);
  }

  @Test
  void aUserNameNeedsThePasswordOnStandardInput() {
    assertUsageError(Flags.ofLogin().with(null, "deploy", false, null))
        .hasMessage(
            "--username needs --password-stdin: the password is read from standard input, never"
                + " from an argument");
  }

  @Test
  void passwordStdinGoesOnlyWithAUserName() {
    assertUsageError(Flags.ofDockerConfig().with(CONFIG, null, true, null))
        .hasMessage("--password-stdin goes with --username");
    assertUsageError(Flags.ofFragment().with(null, null, true, FRAGMENT))
        .hasMessage("--password-stdin goes with --username");
  }

  @Test
  void aUserNameNeedsExactlyOneRegistry() {
    assertUsageError(Flags.ofLogin().withRegistries())
        .hasMessage("--username needs exactly one --registry");
    assertUsageError(Flags.ofLogin().withRegistries("ghcr.io", "quay.io"))
        .hasMessage("--username needs exactly one --registry");
  }

  @Test
  void aFragmentFileTakesNeitherFormatNorRegistry() {
    String message = "--fragment is uploaded as is: --format and --registry do not apply";
    assertUsageError(Flags.ofFragment().withFormat("docker")).hasMessage(message);
    assertUsageError(Flags.ofFragment().withRegistries("ghcr.io")).hasMessage(message);
  }
}
