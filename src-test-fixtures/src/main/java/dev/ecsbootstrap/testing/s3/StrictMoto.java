package dev.ecsbootstrap.testing.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsbootstrap.testing.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * A moto_server of its own, with authentication switched on after set-up: it then checks every
 * request's SigV4 signature against the keys it issued and enforces the caller's IAM identity
 * policies, as AWS does. Authentication is a switch of the whole moto process ({@code POST
 * /moto-api/reset-auth}), which is why this never shares the {@link S3Backends#MOTO} server.
 *
 * <p>moto has no root key, so {@link #start()} creates a seeding IAM user allowed everything, with
 * authentication still off; all set-up goes through its key, which keeps working once {@link
 * #authenticationOn()} is called. moto evaluates only {@code "AWS"} principals in trust policies,
 * so a role is assumed as the seeding user after {@link #trustSeedingUser(String)}.
 */
public final class StrictMoto implements AutoCloseable {
  /** moto's default account: every resource, stack and key ARN is in it. */
  public static final String ACCOUNT_ID = "123456789012";

  public static final String SEEDING_USER = "strict-moto-seeder";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALLOW_EVERYTHING =
      "{\"Version\":\"2012-10-17\",\"Statement\":"
          + "[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

  private final ChildProcessServer server;
  private final AwsCredentialsProvider seedingCredentials;
  private final IamClient iam;
  private final S3Client s3;
  private final StsClient sts;
  private volatile boolean authenticating;

  private StrictMoto(ChildProcessServer server) {
    this.server = server;
    // With authentication off moto takes any key; the seeding user is created with a dummy one.
    AccessKey key;
    try (IamClient bootstrap = iam(server.endpoint(), staticKey("test", "test"))) {
      bootstrap.createUser(request -> request.userName(SEEDING_USER));
      bootstrap.putUserPolicy(
          request ->
              request
                  .userName(SEEDING_USER)
                  .policyName("allow-everything")
                  .policyDocument(ALLOW_EVERYTHING));
      key = bootstrap.createAccessKey(request -> request.userName(SEEDING_USER)).accessKey();
    }
    seedingCredentials = staticKey(key.accessKeyId(), key.secretAccessKey());
    iam = iam(server.endpoint(), seedingCredentials);
    s3 = S3Seeding.client(server.endpoint(), seedingCredentials);
    sts =
        StsClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(seedingCredentials)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  /** Empty when moto_server is on PATH; otherwise why this fixture cannot run. */
  public static Optional<String> unavailableReason() {
    return Tools.onPath("moto_server")
        ? Optional.empty()
        : Optional.of("moto_server is not on PATH (pip install 'moto[server]')");
  }

  /** Starts moto_server on a free loopback port, authentication off, with the seeding user. */
  public static StrictMoto start() {
    int port = ChildProcessServer.freePort();
    List<String> command = List.of("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port));
    return new StrictMoto(
        ChildProcessServer.start("strict-moto", command, port, Duration.ofSeconds(60)));
  }

  public URI endpoint() {
    return server.endpoint();
  }

  /** The seeding user's key: allowed everything, before and after authentication is on. */
  public AwsCredentialsProvider seedingCredentials() {
    return seedingCredentials;
  }

  public String seedingUserArn() {
    return "arn:aws:iam::" + ACCOUNT_ID + ":user/" + SEEDING_USER;
  }

  /** Path-style S3 client with the seeding user's key. */
  public S3Client s3() {
    return s3;
  }

  public IamClient iam() {
    return iam;
  }

  /** An S3 client for code the test drives itself, e.g. with a role's session credentials. */
  public S3Client s3(AwsCredentialsProvider credentials) {
    return S3Seeding.client(server.endpoint(), credentials);
  }

  /**
   * Adds the seeding user as an {@code "AWS"} principal to every statement of {@code roleName}'s
   * trust policy, keeping the principals already there. moto 5.2.1 evaluates only {@code "AWS"}
   * principals ({@code moto/iam/access_control.py}, {@code _check_principal}), and a statement that
   * names a {@code "Service"} principal alone fails with HTTP 500 once authentication is on, so the
   * user goes into the same statement as the service rather than into a new one.
   */
  public void trustSeedingUser(String roleName) {
    String document =
        URLDecoder.decode(
            iam.getRole(request -> request.roleName(roleName)).role().assumeRolePolicyDocument(),
            StandardCharsets.UTF_8);
    try {
      JsonNode policy = JSON.readTree(document);
      JsonNode statements = policy.get("Statement");
      for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
        ObjectNode principal = (ObjectNode) statement.get("Principal");
        JsonNode aws = principal.get("AWS");
        ArrayNode awsPrincipals = JSON.createArrayNode();
        if (aws != null && aws.isArray()) {
          awsPrincipals.addAll((ArrayNode) aws);
        } else if (aws != null) {
          awsPrincipals.add(aws);
        }
        awsPrincipals.add(seedingUserArn());
        principal.set("AWS", awsPrincipals);
      }
      String updated = JSON.writeValueAsString(policy);
      iam.updateAssumeRolePolicy(request -> request.roleName(roleName).policyDocument(updated));
    } catch (IOException e) {
      throw new UncheckedIOException("trust policy of " + roleName + " is not JSON", e);
    }
  }

  /**
   * The seeding user's {@code sts:AssumeRole} of {@code roleArn}. Once authentication is on, moto
   * checks the role's trust policy for it (see {@link #trustSeedingUser}).
   */
  public RoleSession assumeRole(String roleArn, String sessionName) {
    Credentials credentials =
        sts.assumeRole(request -> request.roleArn(roleArn).roleSessionName(sessionName))
            .credentials();
    return new RoleSession(
        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
  }

  /**
   * From now on, every request must be signed with a key moto issued and be allowed by the caller's
   * identity policies. {@code POST /moto-api/reset-auth} sets how many more requests go unchecked
   * ({@code moto/moto_api/_internal/responses.py}, {@code reset_auth_response}, at moto 5.2.1):
   * {@code 0}, none.
   */
  public StrictMoto authenticationOn() {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset-auth"))
            // Not a form type: moto reads the count from the raw body, which Flask empties for
            // application/x-www-form-urlencoded (what curl --data sends), and then answers 500.
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("0"))
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "moto refused reset-auth: HTTP " + response.statusCode() + " " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach moto at " + endpoint(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    authenticating = true;
    return this;
  }

  public boolean authenticating() {
    return authenticating;
  }

  @Override
  public void close() {
    s3.close();
    iam.close();
    sts.close();
    server.close();
  }

  private static StaticCredentialsProvider staticKey(String accessKeyId, String secretKey) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretKey));
  }

  private static IamClient iam(URI endpoint, AwsCredentialsProvider credentials) {
    return IamClient.builder()
        .endpointOverride(endpoint)
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
