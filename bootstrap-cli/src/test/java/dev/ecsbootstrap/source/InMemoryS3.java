package dev.ecsbootstrap.source;

import dev.ecsbootstrap.aws.S3Uri;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * An S3 that only answers GetObject, from objects held in memory: for unit tests of what we do with
 * S3's answers (policy checks, aborts, refusals), without a server. It records every request and
 * every abort; a key it does not hold is a 404 NoSuchKey, as S3 answers; any other call is
 * unsupported.
 */
public final class InMemoryS3 implements S3Client {
  /** The key ARN {@link #putKms} objects are encrypted under. */
  public static final String KMS_KEY = "arn:aws:kms:us-east-1:111122223333:key/in-memory";

  private final Map<String, Stored> objects = new HashMap<>();
  private final List<GetObjectRequest> requests = new ArrayList<>();
  private final AtomicInteger aborts = new AtomicInteger();
  private final AtomicInteger bodies = new AtomicInteger();
  private RuntimeException failure;
  private int eTags;

  private record Stored(GetObjectResponse headers, byte[] body) {}

  /**
   * Holds {@code body} at {@code uri}, answered with exactly {@code headers}. A GetObject whose
   * If-None-Match is the headers' ETag is answered 304 Not Modified, as S3 does.
   */
  public InMemoryS3 put(S3Uri uri, GetObjectResponse headers, byte[] body) {
    objects.put(uri.bucket() + "/" + uri.key(), new Stored(headers, body.clone()));
    return this;
  }

  /**
   * Holds {@code body} at {@code uri} as an SSE-KMS object under {@link #KMS_KEY}, with a new ETag
   * each time (as SSE-KMS ETags are: not a digest of the body).
   */
  public InMemoryS3 putKms(S3Uri uri, byte[] body) {
    return put(
        uri,
        GetObjectResponse.builder()
            .serverSideEncryption(ServerSideEncryption.AWS_KMS)
            .ssekmsKeyId(KMS_KEY)
            .contentLength((long) body.length)
            .eTag("\"in-memory-" + ++eTags + "\"")
            .build(),
        body);
  }

  /** How many GetObject answers carried a body (not a 304 or an error). */
  public long bodiesSent() {
    return bodies.get();
  }

  /** Answers every GetObject with {@code failure} from now on. */
  public InMemoryS3 failWith(RuntimeException failure) {
    this.failure = failure;
    return this;
  }

  /** The GetObject requests made, in order. */
  public List<GetObjectRequest> requests() {
    return List.copyOf(requests);
  }

  /** How many responses were aborted (connection dropped, body unread). */
  public int aborts() {
    return aborts.get();
  }

  @Override
  public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
    requests.add(request);
    if (failure != null) {
      throw failure;
    }
    Stored stored =
        Optional.ofNullable(objects.get(request.bucket() + "/" + request.key()))
            .orElseThrow(InMemoryS3::noSuchKey);
    if (request.ifNoneMatch() != null && request.ifNoneMatch().equals(stored.headers().eTag())) {
      throw notModified();
    }
    bodies.incrementAndGet();
    return new ResponseInputStream<>(
        stored.headers(),
        AbortableInputStream.create(
            new ByteArrayInputStream(stored.body()), aborts::incrementAndGet));
  }

  private static S3Exception noSuchKey() {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(404)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchKey").build())
            .requestId("REQ404")
            .build();
  }

  /** What the SDK throws for S3's 304: an S3Exception without error details. */
  private static S3Exception notModified() {
    return (S3Exception) S3Exception.builder().statusCode(304).requestId("REQ304").build();
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}
