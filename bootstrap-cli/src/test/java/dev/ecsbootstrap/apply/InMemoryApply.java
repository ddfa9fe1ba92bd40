package dev.ecsbootstrap.apply;

import dev.ecsbootstrap.Log;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.AwsEnvironment;
import dev.ecsbootstrap.aws.BucketOwner;
import dev.ecsbootstrap.aws.S3Uri;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Runs the real {@link Apply} use case, fetch → validate → combine → merge → atomic write, on one
 * fragment held in memory, so a unit test can reach the point where ecs.config would be written
 * without a network, an S3 server or IMDS (the region and bucket owner are given).
 */
public final class InMemoryApply implements AutoCloseable {
  private static final S3Uri SOURCE = S3Uri.parse("s3://in-memory-bucket/fragment.env");
  private static final String KMS_KEY = "arn:aws:kms:us-east-1:111122223333:key/in-memory";
  private static final Log SILENT =
      new Log() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void debug(String message) {}
      };

  private final AwsClients aws = new AwsClients(Optional.empty(), AwsEnvironment.of(Map.of()), "");

  /** Applies {@code fragment} to {@code ecsConfig} as {@code ecs-bootstrap apply} would. */
  public ApplyResult apply(byte[] fragment, Path ecsConfig) {
    ApplyRequest request =
        new ApplyRequest(
            List.of(SOURCE),
            ecsConfig,
            Optional.of("us-east-1"),
            Optional.of(BucketOwner.ANY),
            Optional.empty(),
            false,
            Optional.empty(),
            Duration.ofSeconds(5),
            Duration.ZERO,
            false);
    return new Apply(aws, SILENT, region -> new OneObjectS3(fragment)).run(request);
  }

  @Override
  public void close() {
    aws.close();
  }

  /** Answers every GetObject with one SSE-KMS object; any other call is unsupported. */
  private static final class OneObjectS3 implements S3Client {
    private final byte[] body;

    OneObjectS3(byte[] body) {
      this.body = body.clone();
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
      GetObjectResponse response =
          GetObjectResponse.builder()
              .serverSideEncryption(ServerSideEncryption.AWS_KMS)
              .ssekmsKeyId(KMS_KEY)
              .contentLength((long) body.length)
              .build();
      return new ResponseInputStream<>(
          response, AbortableInputStream.create(new ByteArrayInputStream(body)));
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }
}
