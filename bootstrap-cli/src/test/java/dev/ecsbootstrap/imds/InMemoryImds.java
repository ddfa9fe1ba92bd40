package dev.ecsbootstrap.imds;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataResponse;

/**
 * An IMDS that serves one instance identity document from memory and records the paths asked for;
 * any other path is a 404, as IMDS answers. For unit tests of what we do with the document.
 */
public final class InMemoryImds implements Ec2MetadataClient {
  private final String document;
  private final List<String> paths = new ArrayList<>();

  private InMemoryImds(String document) {
    this.document = document;
  }

  /** The identity document of an instance of {@code accountId} in {@code region}. */
  public static InMemoryImds instance(String accountId, String region) {
    return new InMemoryImds(
        "{\"accountId\":\""
            + accountId
            + "\",\"instanceId\":\"i-0123456789abcdef0\",\"region\":\""
            + region
            + "\"}");
  }

  /** Serves {@code document} as it is, well-formed or not. */
  public static InMemoryImds serving(String document) {
    return new InMemoryImds(document);
  }

  /** The paths asked for, in order. */
  public List<String> paths() {
    return List.copyOf(paths);
  }

  @Override
  public Ec2MetadataResponse get(String path) {
    paths.add(path);
    if (!path.equals(InstanceMetadata.IDENTITY_DOCUMENT)) {
      throw SdkServiceException.builder().statusCode(404).message("Not Found").build();
    }
    return Ec2MetadataResponse.create(document);
  }

  @Override
  public void close() {}
}
