package dev.ecsbootstrap.userdata;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Durations;
import dev.ecsbootstrap.aws.BucketOwner;
import dev.ecsbootstrap.aws.KmsKeyIds;
import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.fragment.ClusterName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything a user-data template is filled with. None of it is secret by construction: locations,
 * a digest, a key id, a region. Each value is checked so that it can be single-quoted in bash.
 */
public record UserDataParameters(
    List<S3Uri> configUris,
    S3Uri jarUri,
    String jarSha256,
    Optional<String> kmsKeyId,
    Optional<String> expectedBucketOwner,
    Optional<String> region,
    Optional<String> cluster,
    Optional<String> jarRegion,
    Optional<Bundle> bundle,
    Optional<Duration> rotationInterval,
    boolean jsonTarget) {
  /** How often the rotation timer runs apply: often enough to matter, no tighter than a restart. */
  public static final Duration MIN_ROTATION_INTERVAL = Duration.ofMinutes(5);

  public static final Duration MAX_ROTATION_INTERVAL = Duration.ofDays(7);

  public static final Duration DEFAULT_ROTATION_INTERVAL = Duration.ofHours(1);

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+-\\d");

  /** What can sit inside single quotes in bash and inside a URI we print: no quote, no control. */
  private static final Pattern QUOTABLE = Pattern.compile("[^'\\p{Cntrl}\\s]+");

  public UserDataParameters {
    configUris = List.copyOf(configUris);
    if (configUris.isEmpty()) {
      throw BootstrapException.usage("at least one --config s3://BUCKET/KEY is needed");
    }
    for (S3Uri uri : configUris) {
      requireQuotable(uri.toString(), "--config");
    }
    requireQuotable(jarUri.toString(), "--jar");
    jarSha256 = jarSha256.toLowerCase(Locale.ROOT);
    if (!SHA256.matcher(jarSha256).matches()) {
      throw BootstrapException.usage("--jar-sha256 must be 64 hex digits (sha256sum of the jar)");
    }
    kmsKeyId.ifPresent(
        key -> {
          // What the rendered apply accepts, so no user data is rendered that fails at boot.
          if (!KmsKeyIds.isKeyIdOrArn(key)) {
            throw BootstrapException.usage(
                "--kms-key-id takes a key id or key ARN as KMS writes them (the id a UUID, or"
                    + " mrk- and 32 hex digits; the value is not shown)");
          }
        });
    expectedBucketOwner.ifPresent(
        owner -> BucketOwner.requireValid("--expected-bucket-owner", owner, true));
    region.ifPresent(name -> requireRegion(name, "--region"));
    cluster.ifPresent(name -> ClusterName.requireValid("--cluster", name));
    jarRegion.ifPresent(name -> requireRegion(name, "--jar-region"));
    rotationInterval.ifPresent(
        interval -> {
          if (interval.toNanosPart() != 0
              || interval.compareTo(MIN_ROTATION_INTERVAL) < 0
              || interval.compareTo(MAX_ROTATION_INTERVAL) > 0) {
            throw badInterval();
          }
        });
  }

  /**
   * The boot bundle (a runtime, the jar and its AOT cache) and its SHA-256, which pins the jar
   * inside it too.
   */
  public record Bundle(S3Uri uri, String sha256) {
    public Bundle {
      requireQuotable(uri.toString(), "--bundle");
      sha256 = sha256.toLowerCase(Locale.ROOT);
      if (!SHA256.matcher(sha256).matches()) {
        throw BootstrapException.usage(
            "--bundle-sha256 must be 64 hex digits (sha256sum of the bundle)");
      }
    }
  }

  /** The parameters the flags name (null for a flag not given). */
  public static UserDataParameters fromFlags(
      List<String> configs,
      String jar,
      String jarSha256,
      String kmsKeyId,
      String expectedBucketOwner,
      String region,
      String cluster,
      String jarRegion) {
    if (configs == null || jar == null || jarSha256 == null) {
      throw BootstrapException.usage(
          "--config, --jar and --jar-sha256 are needed (or --cloudformation)");
    }
    return new UserDataParameters(
        configs.stream().map(S3Uri::parse).toList(),
        S3Uri.parse(jar),
        jarSha256,
        Optional.ofNullable(kmsKeyId),
        Optional.ofNullable(expectedBucketOwner),
        Optional.ofNullable(region),
        Optional.ofNullable(cluster),
        Optional.ofNullable(jarRegion),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  /** These parameters with the bundle the flags name (both null: none). */
  public UserDataParameters withBundle(String uri, String sha256) {
    if ((uri == null) != (sha256 == null)) {
      throw BootstrapException.usage("--bundle and --bundle-sha256 go together");
    }
    return new UserDataParameters(
        configUris,
        jarUri,
        jarSha256,
        kmsKeyId,
        expectedBucketOwner,
        region,
        cluster,
        jarRegion,
        Optional.ofNullable(uri).map(bundle -> new Bundle(S3Uri.parse(bundle), sha256)),
        rotationInterval,
        jsonTarget);
  }

  /**
   * These parameters with the rotation timer or none, its period (null: an hour) and apply's
   * target, {@code ecs-config} (also null) or {@code json}, as the flags name them.
   */
  public UserDataParameters withRotation(boolean rotation, String interval, String target) {
    if (target != null && !"ecs-config".equals(target) && !"json".equals(target)) {
      throw BootstrapException.usage("--target takes ecs-config or json");
    }
    if (!rotation && interval != null) {
      throw BootstrapException.usage("--rotation-interval goes with --rotation");
    }
    return withRotation(
        rotation
            ? Optional.of(
                interval == null
                    ? DEFAULT_ROTATION_INTERVAL
                    : Durations.parse(interval).orElseThrow(UserDataParameters::badInterval))
            : Optional.empty(),
        "json".equals(target));
  }

  /** These parameters with the rotation timer's period, if any, and apply's target. */
  public UserDataParameters withRotation(Optional<Duration> interval, boolean json) {
    return new UserDataParameters(
        configUris,
        jarUri,
        jarSha256,
        kmsKeyId,
        expectedBucketOwner,
        region,
        cluster,
        jarRegion,
        bundle,
        interval,
        json);
  }

  private static BootstrapException badInterval() {
    // The value is not repeated, as for every flag.
    return BootstrapException.usage(
        "--rotation-interval takes whole seconds from 5m to 168h (a systemd timer period), such"
            + " as 30m or 2h");
  }

  private static void requireRegion(String name, String flag) {
    if (!REGION.matcher(name).matches()) {
      // The value is not repeated: messages name the flag, never what was passed to it.
      throw BootstrapException.usage(flag + " takes a region name, such as eu-west-1");
    }
  }

  private static void requireQuotable(String value, String flag) {
    if (!QUOTABLE.matcher(value).matches()) {
      throw BootstrapException.usage(
          flag + " may not contain quotes, spaces or control characters");
    }
  }

  /** The flags user data passes to apply. */
  String applyFlags() {
    List<String> flags = new ArrayList<>();
    kmsKeyId.ifPresent(key -> flags.addAll(List.of("--kms-key-id", key)));
    expectedBucketOwner.ifPresent(owner -> flags.addAll(List.of("--expected-bucket-owner", owner)));
    region.ifPresent(name -> flags.addAll(List.of("--region", name)));
    cluster.ifPresent(name -> flags.addAll(List.of("--cluster", name)));
    if (jsonTarget) {
      flags.addAll(List.of("--target", "json"));
    }
    return String.join(" ", flags);
  }
}
