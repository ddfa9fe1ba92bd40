package dev.ecsbootstrap.userdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The curl command lines lib/bootstrap.sh builds, read from a {@code curl} stand-in that records
 * its arguments and answers like IMDS and S3. This is how curl versions the host does not have are
 * covered (the stand-in reports any version); SimulatedBootIT runs the real curl against a strict
 * S3 front.
 */
class JarDownloadCommandLineTest {
  private static final Path LIBRARY =
      Path.of(System.getProperty("userdata.dir", "src/main/userdata"), "lib/bootstrap.sh");
  private static final String EMPTY_BODY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /**
   * Records each call's arguments (one per line) and its --config input, then answers: IMDS paths
   * with fixed values, S3 with a 301 PermanentRedirect while the request is signed for another
   * region than STAND_IN_BUCKET_REGION (if set), else 200 and the body "jar".
   */
  private static final String CURL_STAND_IN =
      """
      #!/usr/bin/env bash
      if [[ $1 == --version ]]; then
        echo "curl $STAND_IN_CURL_VERSION (x86_64-pc-linux-gnu) libcurl/$STAND_IN_CURL_VERSION"
        echo "Protocols: http https"
        exit 0
      fi
      # Named by start time: the credential lookup runs at the same time, on the left of a pipe.
      call="$STAND_IN_CALLS/$(date +%s%N)-$$"
      printf '%s\\n' "$@" > "$call.args"
      output='' dump='' write_out='' sigv4='' fail=false config=false url=${!#}
      while (($#)); do
        case $1 in
          --output) output=$2; shift ;;
          --dump-header) dump=$2; shift ;;
          --write-out) write_out=$2; shift ;;
          --aws-sigv4) sigv4=$2; shift ;;
          --config) [[ $2 == - ]] && config=true; shift ;;
          --fail) fail=true ;;
        esac
        shift
      done
      if $config; then cat > "$call.config"; fi
      status=200 headers='' body=jar
      case $url in
        */latest/api/token) body=imds-token ;;
        */placement/region) body=$STAND_IN_INSTANCE_REGION ;;
        */security-credentials/) body=instance-role ;;
        */security-credentials/instance-role)
          body='{"AccessKeyId":"ASIAKEY","SecretAccessKey":"not-a-secret","Token":"not-a-token"}' ;;
        *)
          region=$(cut -d : -f 3 <<<"$sigv4")
          if [[ ${STAND_IN_ALWAYS_REDIRECT:-} == true \\
            || ( -n ${STAND_IN_BUCKET_REGION:-} && $region != "$STAND_IN_BUCKET_REGION" ) ]]; then
            status=301 body='<Error><Code>PermanentRedirect</Code></Error>'
            headers="x-amz-bucket-region: ${STAND_IN_BUCKET_REGION:-us-west-2}"
          elif [[ -n ${STAND_IN_STATUS:-} ]]; then
            status=$STAND_IN_STATUS body='<Error><Code>AccessDenied</Code></Error>'
          fi ;;
      esac
      if [[ -n $dump ]]; then printf 'HTTP/1.1 %s Whatever\\r\\n%s\\r\\n\\r\\n' "$status" "$headers" > "$dump"; fi
      if [[ -n $output ]]; then printf '%s' "$body" > "$output"; else printf '%s' "$body"; fi
      if [[ -n $write_out ]]; then printf '%s' "${write_out//'%{http_code}'/$status}"; fi
      if $fail && ((status >= 400)); then exit 22; fi
      exit 0
      """;

  @TempDir Path root;
  private Path calls;
  private final Map<String, String> environment = new HashMap<>();

  @BeforeEach
  void installStandIn() throws IOException {
    Path bin = Files.createDirectories(root.resolve("bin"));
    Path curl = Files.writeString(bin.resolve("curl"), CURL_STAND_IN);
    Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));
    calls = Files.createDirectories(root.resolve("calls"));
    environment.put("PATH", bin + ":" + System.getenv("PATH"));
    environment.put("STAND_IN_CALLS", calls.toString());
    environment.put("STAND_IN_CURL_VERSION", "7.88.1");
    environment.put("STAND_IN_INSTANCE_REGION", "eu-west-1");
    environment.put("IMDS_ENDPOINT", "http://imds.invalid");
    environment.put("ECS_BOOTSTRAP_RETRIES", "1");
  }

  /** Sources the library and runs one of its functions, as a template's main would. */
  private CliResult run(String... functionAndArguments) throws IOException {
    Path driver =
        Files.writeString(
            root.resolve("driver.sh"),
            """
            set -o errexit -o nounset -o pipefail
            source "$1"
            shift
            "$@"
            """);
    List<String> command = new ArrayList<>(List.of("bash", driver.toString(), LIBRARY.toString()));
    command.addAll(List.of(functionAndArguments));
    return CliRunner.runProcess(command, new byte[0], environment, Duration.ofSeconds(30));
  }

  private CliResult download(String uri) throws IOException {
    return run("s3::download", uri, root.resolve("jar").toString());
  }

  /** The arguments of each call that signed for S3, in order. */
  private List<List<String>> s3Calls() throws IOException {
    List<List<String>> signed = new ArrayList<>();
    try (Stream<Path> files = Files.list(calls)) {
      for (Path file : files.filter(file -> file.toString().endsWith(".args")).sorted().toList()) {
        List<String> arguments = Files.readAllLines(file);
        if (arguments.contains("--aws-sigv4")) {
          signed.add(arguments);
        }
      }
    }
    return signed;
  }

  private static String callName(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.indexOf('.'));
  }

  private static String valueOf(List<String> arguments, String flag) {
    return arguments.get(arguments.indexOf(flag) + 1);
  }

  private static String url(List<String> arguments) {
    return arguments.get(arguments.size() - 1);
  }

  @Test
  void sendsTheEmptyBodyDigestThatS3RequiresOnEveryGet() throws IOException {
    download("s3://plain-bucket/bin/ecs-bootstrap.jar").assertExit(0);

    assertThat(s3Calls())
        .singleElement()
        .satisfies(
            call ->
                assertThat(call)
                    .containsSubsequence("--header", "x-amz-content-sha256: " + EMPTY_BODY_SHA256)
                    .containsSubsequence("--aws-sigv4", "aws:amz:eu-west-1:s3"));
  }

  @Test
  void usesTheVirtualHostedUrlForANameWithoutADot() throws IOException {
    download("s3://plain-bucket/bin/ecs-bootstrap.jar").assertExit(0);

    assertThat(url(s3Calls().get(0)))
        .isEqualTo("https://plain-bucket.s3.eu-west-1.amazonaws.com/bin/ecs-bootstrap.jar");
  }

  @Test
  void usesThePathStyleUrlForADottedNameWhichTheWildcardCertificateDoesNotCover()
      throws IOException {
    download("s3://config.example.com/bin/ecs-bootstrap.jar").assertExit(0);

    assertThat(url(s3Calls().get(0)))
        .isEqualTo("https://s3.eu-west-1.amazonaws.com/config.example.com/bin/ecs-bootstrap.jar");
  }

  @Test
  void aTestEndpointTakesEveryBucketPathStyle() throws IOException {
    environment.put("S3_ENDPOINT", "http://127.0.0.1:9");

    download("s3://plain-bucket/bin/ecs-bootstrap.jar").assertExit(0);

    assertThat(url(s3Calls().get(0)))
        .isEqualTo("http://127.0.0.1:9/plain-bucket/bin/ecs-bootstrap.jar");
  }

  @Test
  void connectToIsATestKnobThatProductionLeavesEmpty() throws IOException {
    download("s3://plain-bucket/bin/ecs-bootstrap.jar").assertExit(0);
    assertThat(Files.readString(calls.resolve(lastS3Call() + ".config")))
        .doesNotContain("connect-to");

    environment.put("ECS_BOOTSTRAP_CURL_CONNECT_TO", "::127.0.0.1:8443");
    download("s3://plain-bucket/bin/ecs-bootstrap.jar").assertExit(0);

    assertThat(Files.readString(calls.resolve(lastS3Call() + ".config")))
        .contains("connect-to = \"::127.0.0.1:8443\"");
  }

  /** The last call that read credentials from stdin: the S3 GET. */
  private String lastS3Call() throws IOException {
    try (Stream<Path> files = Files.list(calls)) {
      return files
          .filter(file -> file.toString().endsWith(".config"))
          .map(JarDownloadCommandLineTest::callName)
          .max(String::compareTo)
          .orElseThrow();
    }
  }

  @Test
  void followsOnePermanentRedirectToTheBucketsRegionAndSignsForIt() throws IOException {
    environment.put("STAND_IN_BUCKET_REGION", "ap-southeast-2");

    CliResult result = download("s3://plain-bucket/bin/ecs-bootstrap.jar").assertExit(0);

    List<List<String>> s3 = s3Calls();
    assertThat(s3).hasSize(2);
    assertThat(valueOf(s3.get(1), "--aws-sigv4")).isEqualTo("aws:amz:ap-southeast-2:s3");
    assertThat(url(s3.get(1)))
        .isEqualTo("https://plain-bucket.s3.ap-southeast-2.amazonaws.com/bin/ecs-bootstrap.jar");
    assertThat(Files.readString(root.resolve("jar"))).isEqualTo("jar");
    assertThat(result.err())
        .contains("s3://plain-bucket is in ap-southeast-2, not eu-west-1")
        .contains("--jar-region ap-southeast-2");
  }

  @Test
  void theJarRegionSavesTheRoundTrip() throws IOException {
    environment.put("STAND_IN_BUCKET_REGION", "ap-southeast-2");
    environment.put("ECS_BOOTSTRAP_JAR_REGION", "ap-southeast-2");

    download("s3://plain-bucket/bin/ecs-bootstrap.jar").assertExit(0);

    assertThat(s3Calls())
        .singleElement()
        .satisfies(
            call ->
                assertThat(valueOf(call, "--aws-sigv4")).isEqualTo("aws:amz:ap-southeast-2:s3"));
  }

  @Test
  void followsNoSecondRedirect() throws IOException {
    environment.put("STAND_IN_ALWAYS_REDIRECT", "true");

    CliResult result = download("s3://plain-bucket/bin/ecs-bootstrap.jar");

    assertThat(result.exitCode()).isNotZero();
    assertThat(s3Calls()).hasSize(2);
    assertThat(result.err()).contains("HTTP 301").contains("PermanentRedirect");
  }

  @Test
  void anErrorAnswerFailsTheDownloadAndNamesItsCode() throws IOException {
    environment.put("STAND_IN_STATUS", "403");

    CliResult result = download("s3://plain-bucket/bin/ecs-bootstrap.jar");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("HTTP 403").contains("AccessDenied");
  }

  @ParameterizedTest(name = "curl {0}")
  @ValueSource(strings = {"7.79.1", "7.85.0", "7.9.8"})
  void refusesACurlThatDoesNotSignTheHeadersItIsGiven(String version) throws IOException {
    environment.put("STAND_IN_CURL_VERSION", version);

    CliResult result = run("curl::require-version");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("curl " + version + " is too old")
        .contains("7.86.0 or later")
        .contains("Amazon Linux 2023")
        .contains("Amazon Linux 2");
  }

  @ParameterizedTest(name = "curl {0}")
  @ValueSource(strings = {"7.86.0", "7.88.1", "8.3.0", "8.10.1"})
  void acceptsACurlThatSignsTheHeadersItIsGiven(String version) throws IOException {
    environment.put("STAND_IN_CURL_VERSION", version);

    run("curl::require-version").assertExit(0);
  }

  @Test
  void everyTemplateChecksCurlBeforeAnythingElse() throws IOException {
    environment.put("STAND_IN_CURL_VERSION", "7.79.1");
    environment.put("ECS_BOOTSTRAP_CONFIG_URIS", "s3://plain-bucket/a.env");
    environment.put("ECS_BOOTSTRAP_JAR_URI", "s3://plain-bucket/bin/ecs-bootstrap.jar");
    environment.put("ECS_BOOTSTRAP_JAR_SHA256", "ab".repeat(32));

    CliResult result = run("bootstrap::require-parameters");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("curl 7.79.1 is too old");
    try (Stream<Path> files = Files.list(calls)) {
      assertThat(files).as("no request made").isEmpty();
    }
  }
}
