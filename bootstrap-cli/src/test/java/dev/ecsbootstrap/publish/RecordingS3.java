package dev.ecsbootstrap.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Records every PutObject and answers each with the next queued answer (a response, or a failure to
 * throw); any other call is unsupported. Enough to test our own request building and error
 * handling; PublishIT covers the real S3 servers.
 */
final class RecordingS3 implements S3Client {
  /** One PutObject as sent: the request and the body's bytes. */
  record Put(PutObjectRequest request, byte[] body) {}

  private final Deque<Object> answers = new ArrayDeque<>();
  private final List<Put> puts = new ArrayList<>();

  RecordingS3 answer(PutObjectResponse response) {
    answers.add(response);
    return this;
  }

  RecordingS3 fail(RuntimeException failure) {
    answers.add(failure);
    return this;
  }

  List<Put> puts() {
    return puts;
  }

  @Override
  public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
    try (InputStream in = body.contentStreamProvider().newStream()) {
      puts.add(new Put(request, in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (answers.isEmpty()) {
      throw new IllegalStateException("no answer queued for this PutObject");
    }
    Object answer = answers.poll();
    if (answer instanceof RuntimeException failure) {
      throw failure;
    }
    return (PutObjectResponse) answer;
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}
