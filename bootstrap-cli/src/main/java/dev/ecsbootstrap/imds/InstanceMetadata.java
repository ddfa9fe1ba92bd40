package dev.ecsbootstrap.imds;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.aws.Failures;
import dev.ecsbootstrap.aws.Retrier;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.imds.Ec2MetadataClient;

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
  private InstanceIdentity identity;

  public InstanceMetadata(Ec2MetadataClient client, Retrier retrier) {
    this.client = client;
    this.retrier = retrier;
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
              () -> client.get(IDENTITY_DOCUMENT).asString(),
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
                + Failures.describeRootCause(last)
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
