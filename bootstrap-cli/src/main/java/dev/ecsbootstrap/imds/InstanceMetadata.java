package dev.ecsbootstrap.imds;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.Failures;
import dev.ecsbootstrap.aws.Retrier;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataClientException;

/**
 * What this instance is, from IMDSv2's identity document: one token and one GET give both the
 * region and the account that owns the config bucket. Fetched once and remembered.
 */
public final class InstanceMetadata {
  static final String IDENTITY_DOCUMENT = "/latest/dynamic/instance-identity/document";
  private static final String WHAT = "instance metadata (IMDS)";
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final Ec2MetadataClient client;
  private final Retrier retrier;
  private final String endpoint;
  private InstanceIdentity identity;

  public InstanceMetadata(Ec2MetadataClient client, Retrier retrier) {
    this(client, retrier, AwsClients.DEFAULT_IMDS_ENDPOINT);
  }

  /**
   * @param endpoint where {@code client} sends its requests, for messages
   */
  public InstanceMetadata(Ec2MetadataClient client, Retrier retrier, String endpoint) {
    this.client = client;
    this.retrier = retrier;
    this.endpoint = endpoint;
  }

  /**
   * The identity, asked for once.
   *
   * @param withoutImds what makes the caller's use of IMDS unnecessary (e.g. {@code pass --region
   *     REGION}), for the message when IMDS never gives the document
   */
  public synchronized InstanceIdentity identity(String withoutImds) {
    if (identity == null) {
      String document =
          retrier.call(
              WHAT,
              () -> document(withoutImds),
              failure ->
                  BootstrapException.sourceRefused(
                      "instance metadata refused the identity document: "
                          + Failures.describe(failure),
                      failure),
              (tried, failure) -> unavailable(tried, failure, withoutImds));
      identity = parse(document);
    }
    return identity;
  }

  /**
   * One GET of the identity document. IMDS's answers that retrying cannot change are refused at
   * once (exit 4), saying what IMDS answered and what to do; the SDK's "Exceeded maximum number of
   * retries" (it retries nothing: {@code Ec2MetadataRetryPolicy.none()}) becomes its cause and the
   * endpoint, e.g. {@code Connection refused at http://169.254.169.254}.
   */
  private String document(String withoutImds) {
    try {
      return client.get(IDENTITY_DOCUMENT).asString();
    } catch (Ec2MetadataClientException answer) {
      String advice = refusalAdvice(answer.statusCode());
      if (advice == null) {
        throw answer;
      }
      throw BootstrapException.sourceRefused(
          WHAT + " at " + endpoint + " answered HTTP " + answer.statusCode() + advice + withoutImds,
          answer);
    } catch (SdkClientException failure) {
      if (failure instanceof RetryableException || failure.getCause() == null) {
        throw failure;
      }
      throw SdkClientException.create(
          Failures.describeRootCause(failure) + " at " + endpoint, failure);
    }
  }

  /**
   * What a 4xx from IMDS means, by status, per the EC2 user guide's list of IMDS error codes (and
   * the SDK's {@code DefaultEc2MetadataClient}, which raises {@link Ec2MetadataClientException} for
   * every status below 500 but 200, for the token PUT and the GET alike); null for a status worth
   * retrying (401: a token that expired between the PUT and the GET).
   */
  static String refusalAdvice(int status) {
    return switch (status) {
      case 400 ->
          " (Bad Request): it refused the IMDSv2 token request as malformed; report this as a bug,"
              + " or ";
      case 403 ->
          " (Forbidden): the instance metadata service is turned off for this instance (its"
              + " HttpEndpoint metadata option), or a policy blocks the request; turn it on with"
              + " aws ec2 modify-instance-metadata-options --http-endpoint enabled, or ";
      case 404 ->
          " (Not Found) for the instance identity document: this endpoint is not an EC2"
              + " instance's metadata service; ";
      case 405 ->
          " (Method Not Allowed) to the IMDSv2 token request (a PUT): the endpoint does not speak"
              + " IMDSv2, or a proxy in between forwards only GET; ";
      default -> null;
    };
  }

  /**
   * Off an instance, IMDS never answers: say so (not the SDK's token error), how long it was tried,
   * and how to do without it. An IMDS that answers with errors is one that is there but failing.
   */
  static BootstrapException unavailable(String tried, RuntimeException last, String withoutImds) {
    String what =
        last instanceof SdkServiceException
            ? Retrier.stillFailing(WHAT, tried, last) + "; "
            : WHAT
                + " is unreachable: no answer to "
                + tried
                + " (last: "
                + Failures.describe(last)
                + "); not an EC2 instance, or its metadata service is off? ";
    return BootstrapException.deadline(what + withoutImds, last);
  }

  static InstanceIdentity parse(String document) {
    Map<String, String> fields = new HashMap<>();
    try (JsonParser parser = JSON.createParser(document)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw malformed();
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.VALUE_STRING) {
          fields.put(name, parser.getText());
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw malformed();
    }
    String account = fields.get("accountId");
    String region = fields.get("region");
    if (account == null || region == null) {
      throw malformed();
    }
    return new InstanceIdentity(account, region);
  }

  private static BootstrapException malformed() {
    return BootstrapException.sourceRefused(
        "instance identity document lacks accountId or region", null);
  }
}
