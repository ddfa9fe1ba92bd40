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
import software.amazon.awssdk.imds.Ec2MetadataClient;

/**
 * What this instance is, from IMDSv2's identity document: one token and one GET give both the
 * region and the account that owns the config bucket. Fetched once and remembered.
 */
public final class InstanceMetadata {
  static final String IDENTITY_DOCUMENT = "/latest/dynamic/instance-identity/document";
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final Ec2MetadataClient client;
  private final Retrier retrier;
  private InstanceIdentity identity;

  public InstanceMetadata(Ec2MetadataClient client, Retrier retrier) {
    this.client = client;
    this.retrier = retrier;
  }

  public synchronized InstanceIdentity identity() {
    if (identity == null) {
      String document =
          retrier.call(
              "instance metadata",
              () -> client.get(IDENTITY_DOCUMENT).asString(),
              failure ->
                  BootstrapException.sourceRefused(
                      "instance metadata refused the identity document: "
                          + Failures.describe(failure),
                      failure));
      identity = parse(document);
    }
    return identity;
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
