package dev.ecsbootstrap.testing;

import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import dev.ecsbootstrap.testing.imds.FakeImds;
import dev.ecsbootstrap.testing.s3.ObjectEncryption;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.S3MockBackend;
import dev.ecsbootstrap.testing.s3.TestKms;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

/**
 * The README's "see it work" command: starts S3Mock and the IMDSv2 emulator, uploads a sample
 * fragment with SSE-KMS, and runs the built jar's {@code apply} twice against them into a local
 * ecs.config, with no AWS account and no static keys (the jar gets the emulator's role credentials
 * through IMDSv2).
 */
public final class Demo {
  private static final String BUCKET = "demo-config-bucket";
  private static final String KEY = "ecs/registry-auth.env";

  private Demo() {}

  public static void main(String... args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: Demo ECS_BOOTSTRAP_JAR WORK_DIR");
    }
    Path jar = Path.of(args[0]);
    Path work = Files.createDirectories(Path.of(args[1]));
    Path ecsConfig = work.resolve("etc/ecs/ecs.config");
    Files.createDirectories(ecsConfig.getParent());
    Files.write(ecsConfig, Samples.existingEcsConfig());
    PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    console.println("== starting S3Mock and the IMDSv2 emulator");
    try (FakeImds imds = FakeImds.start().accountId(TestKms.ACCOUNT_ID);
        S3Backend s3 = S3MockBackend.start()) {
      s3.createBucket(BUCKET);
      s3.put(BUCKET, KEY, Samples.dockercfgFragment(), ObjectEncryption.kms(TestKms.KEY_ARN));
      console.println("== uploaded s3://" + BUCKET + "/" + KEY + " (SSE-KMS) to " + s3.endpoint());
      Map<String, String> environment =
          Map.of(
              "AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url().toString(),
              "AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
      String[] apply = {
        "apply", "s3://" + BUCKET + "/" + KEY, "--ecs-config", ecsConfig.toString()
      };
      for (String run : new String[] {"first boot", "reboot (must be unchanged)"}) {
        console.println(
            "== java -jar " + jar.getFileName() + " " + String.join(" ", apply) + "   # " + run);
        long start = System.nanoTime();
        CliResult result = CliRunner.runJar(jar, environment, Duration.ofSeconds(60), apply);
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        console.print(result.err());
        console.print(result.out());
        console.println(
            "== exit " + result.exitCode() + " after " + millis + " ms (JVM start included)");
        result.assertExit(0).assertNoSecretLeak();
      }
    }
    console.println("== " + ecsConfig + " now holds (auth data redacted here; the file has it):");
    for (String line : Files.readAllLines(ecsConfig, StandardCharsets.UTF_8)) {
      console.println(
          "   "
              + (line.startsWith("ECS_ENGINE_AUTH_DATA=")
                  ? "ECS_ENGINE_AUTH_DATA=[redacted]"
                  : line));
    }
    console.println(
        "== mode " + PosixFilePermissions.toString(Files.getPosixFilePermissions(ecsConfig)));
  }
}
