package dev.ecsbootstrap.performance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.RecordingLog;
import dev.ecsbootstrap.apply.Apply;
import dev.ecsbootstrap.apply.ApplyRequest;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.AwsEnvironment;
import dev.ecsbootstrap.aws.S3Uri;
import dev.ecsbootstrap.testing.AgentView;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.Samples;
import dev.ecsbootstrap.testing.faults.FaultyProxy;
import dev.ecsbootstrap.testing.http.RecordedRequest;
import dev.ecsbootstrap.testing.imds.FakeImds;
import dev.ecsbootstrap.testing.s3.ObjectEncryption;
import dev.ecsbootstrap.testing.s3.S3Backend;
import dev.ecsbootstrap.testing.s3.S3Backends;
import dev.ecsbootstrap.testing.s3.TestKms;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A boot storm: 200 instances start at once and each runs {@code apply} against one S3 that answers
 * a fifth of its requests with 503 SlowDown (seeded, through {@link FaultyProxy} in front of
 * S3Mock). Each simulated instance is what a process would be: its own injected environment, its
 * own {@link AwsClients} (HTTP clients, S3 client, IMDS client and role credentials provider, so
 * its own IMDSv2 tokens), its own 60 s deadline and ecs.config, and the production retry policy.
 * Every instance must succeed within its deadline, and the retries must stay a fraction of the work
 * (total S3 requests under 1.6x those of 200 fault-free runs), not a storm. Timing is reported
 * (stdout and {@code target/boot-storm/summary.md}), never asserted.
 *
 * <p>IMDS: {@value #IMDS_SHARDS} shared {@link FakeImds} servers with {@value #IMDS_THREADS}
 * handler threads between them, instance i on server i mod {@value #IMDS_SHARDS}; not one per
 * instance. An answer is microseconds of in-memory work; what a crowd waits for is the JDK server's
 * one dispatcher thread, which accepts and hands on every connection. 200 emulators (a dispatcher
 * and four handlers each: 1,000 threads) made it worse on 2 cores (p50 13.0 s, 207 IMDS timeouts,
 * against 9.4 s and 11 for one shared server); one shared server and 8 shards gave the same walls,
 * the shards fewer IMDS read timeouts (19 against 40, 71 against 145, in back-to-back runs on a
 * machine loaded by other builds). {@code -Dboot-storm.imds=shared} or {@code per-instance} runs
 * the other arrangements. Sessions stay per instance: each client gets its own tokens, and the test
 * checks that at least 200 distinct tokens were used.
 *
 * <p>One JVM is not 200 machines: the instances share its class loading, JIT and the JDK's
 * keep-alive connection cache (HttpURLConnection pools connections per host JVM-wide), so
 * per-instance walls are those of threads competing for two cores, not of a cold process.
 */
class BootStormIT {
  private static final int INSTANCES = 200;
  private static final double FAULT_RATE = 0.2;
  private static final long SEED = 20_261_127L;
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final double MAX_REQUEST_RATIO = 1.6;
  private static final int IMDS_THREADS = 64;
  private static final int IMDS_SHARDS = 8;
  private static final int PROXY_THREADS = 64;
  // Its own bucket in the JVM's shared S3Mock, as ApplyIT's tests take theirs.
  private static final String BUCKET = "boot-storm-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String KEY = "ecs/registry-auth.env";
  private static final String IMDS_SECRET_KEY = "fake-imds-secret-access-key";
  private static final String IMDS_SESSION_TOKEN = "fake-imds-session-token";

  @TempDir Path directory;

  /** What one simulated instance did: its wall from the start signal, and what it logged. */
  private record Outcome(
      int instance, Duration wall, boolean succeeded, String failure, List<String> log) {
    long retries() {
      return log.stream().filter(BootStormIT::isRetry).count();
    }

    long otherRetries() {
      return log.stream().filter(BootStormIT::isOtherRetry).count();
    }
  }

  private static boolean isRetry(String logLine) {
    return logLine.contains("; retrying in ");
  }

  /** A retry of anything but an injected SlowDown: the test rig (or the code) failing. */
  private static boolean isOtherRetry(String logLine) {
    return isRetry(logLine) && !logLine.contains("SlowDown");
  }

  @Test
  void twoHundredInstancesBootingAtOnceAllGetTheirCredentialsWithoutARetryStorm() throws Exception {
    S3Backend s3 = S3Backends.S3MOCK.sharedOrSkip("BootStormIT");
    s3.createBucket(BUCKET);
    s3.put(BUCKET, KEY, Samples.dockercfgFragment(), ObjectEncryption.kms(TestKms.KEY_ARN));

    try (ImdsArrangement imds = ImdsArrangement.chosen()) {
      int idealPerApply = requestsOfOneFaultFreeApply(s3, imds.url(0));
      int imdsBefore = imds.requests().size();

      try (FaultyProxy proxy =
          FaultyProxy.start(s3.endpoint(), PROXY_THREADS)
              .bucketOwner(TestKms.ACCOUNT_ID)
              .failRandomly(FAULT_RATE, SEED, 503, "SlowDown")) {
        Storm storm = storm(imds, proxy.url());
        List<RecordedRequest> imdsRequests =
            imds.requests().subList(imdsBefore, imds.requests().size());
        Figures figures =
            new Figures(
                storm.outcomes(),
                storm.wall(),
                proxy.requestsSeen(),
                INSTANCES * idealPerApply,
                proxy.errorsInjected(),
                imdsRequests.size(),
                imds.describe());
        figures.report();
        // First: a failure's message is quoted below, and must hold no secret.
        assertNoSecretIn(storm.outcomes());
        assertThat(storm.outcomes())
            .as("every instance succeeded within its %s deadline", DEADLINE)
            .allSatisfy(
                outcome ->
                    assertThat(outcome.succeeded())
                        .as("instance %d: %s", outcome.instance(), outcome.failure())
                        .isTrue());
        for (int i = 0; i < INSTANCES; i++) {
          assertThat(AgentView.credentials(ecsConfig(i), Samples.REGISTRY))
              .as("instance %d's ecs.config holds the registry's auth", i)
              .containsExactly(Canary.USERNAME, Canary.SECRET);
        }
        assertThat(proxy.errorsInjected()).as("SlowDown answers injected").isPositive();
        assertThat(figures.ratio())
            .as("S3 requests %d against %d fault-free", figures.requests(), figures.ideal())
            .isLessThan(MAX_REQUEST_RATIO);
        assertThat(distinctTokens(imdsRequests))
            .as("IMDSv2 tokens used: one session (or more) per instance")
            .isGreaterThanOrEqualTo(INSTANCES);
      }
    }
  }

  /** The S3 requests one apply makes when nothing fails: the unit of the ideal. */
  private int requestsOfOneFaultFreeApply(S3Backend s3, URI imdsUrl) throws IOException {
    try (FaultyProxy clean = FaultyProxy.start(s3.endpoint())) {
      Outcome probe = runInstance(-1, imdsUrl, clean.url(), System.nanoTime());
      assertThat(probe.succeeded()).as("fault-free apply: %s", probe.failure()).isTrue();
      return clean.requestsSeen();
    }
  }

  private record Storm(List<Outcome> outcomes, Duration wall) {}

  /** Starts every instance on its own thread, releases them together, waits for all. */
  private Storm storm(ImdsArrangement imds, URI s3Url) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(INSTANCES);
    try {
      CountDownLatch ready = new CountDownLatch(INSTANCES);
      CountDownLatch go = new CountDownLatch(1);
      long[] startedAt = new long[1];
      List<Future<Outcome>> futures = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        int instance = i;
        futures.add(
            threads.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return runInstance(instance, imds.url(instance), s3Url, startedAt[0]);
                }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).as("all instances ready").isTrue();
      startedAt[0] = System.nanoTime();
      go.countDown();
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> future : futures) {
        // The deadline is each run's own; the margin is the watchdog's grace and the write.
        outcomes.add(future.get(DEADLINE.toSeconds() + 15, TimeUnit.SECONDS));
      }
      return new Storm(outcomes, Duration.ofNanos(System.nanoTime() - startedAt[0]));
    } finally {
      threads.shutdownNow();
    }
  }

  private Path ecsConfig(int instance) {
    return directory.resolve("instance-" + instance).resolve("ecs.config");
  }

  /** One instance's boot: its environment, its clients, its deadline, its ecs.config. */
  private Outcome runInstance(int instance, URI imdsUrl, URI s3Url, long startNanos)
      throws IOException {
    Path ecsConfig = ecsConfig(instance);
    Files.createDirectories(ecsConfig.getParent());
    Files.write(ecsConfig, Samples.existingEcsConfig());
    Map<String, String> environment =
        Map.of(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT", imdsUrl.toString(),
            "AWS_ENDPOINT_URL_S3", s3Url.toString(),
            "HOME", ecsConfig.getParent().toString(),
            "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials",
            "AWS_CONFIG_FILE", "/nonexistent/aws-config");
    ApplyRequest request =
        new ApplyRequest(
            List.of(S3Uri.parse("s3://" + BUCKET + "/" + KEY)),
            ecsConfig,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false,
            Optional.empty(),
            DEADLINE,
            Duration.ZERO,
            false,
            false);
    RecordingLog log = new RecordingLog();
    String failure = null;
    try (AwsClients aws =
        new AwsClients(Optional.empty(), AwsEnvironment.of(environment), "boot-storm")) {
      new Apply(aws, log).run(request);
    } catch (RuntimeException e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
    return new Outcome(instance, wall, failure == null, failure, List.copyOf(log.lines()));
  }

  private static long distinctTokens(List<RecordedRequest> requests) {
    return requests.stream()
        .map(request -> request.header("x-aws-ec2-metadata-token"))
        .filter(token -> token != null)
        .distinct()
        .count();
  }

  private static void assertNoSecretIn(Collection<Outcome> outcomes) {
    List<String> secrets = new ArrayList<>(Canary.forms());
    secrets.add(IMDS_SECRET_KEY);
    secrets.add(IMDS_SESSION_TOKEN);
    for (Outcome outcome : outcomes) {
      List<String> captured = new ArrayList<>(outcome.log());
      if (outcome.failure() != null) {
        captured.add(outcome.failure());
      }
      for (String secret : secrets) {
        // Do not quote the line: it would put the secret in the test report.
        assertThat(captured.stream().noneMatch(line -> line.contains(secret)))
            .as("instance %d logged secret #%d", outcome.instance(), secrets.indexOf(secret))
            .isTrue();
      }
    }
  }

  /**
   * Where the instances' IMDS is: {@code -Dboot-storm.imds=sharded} (the default), {@code shared}
   * (one server) or {@code per-instance}, to compare them.
   */
  private interface ImdsArrangement extends AutoCloseable {
    URI url(int instance);

    List<RecordedRequest> requests();

    String describe();

    @Override
    void close();

    static ImdsArrangement chosen() {
      return switch (System.getProperty("boot-storm.imds", "sharded")) {
        case "per-instance" -> new PerInstanceImds();
        case "shared" -> new SharedImds(1);
        default -> new SharedImds(IMDS_SHARDS);
      };
    }
  }

  /** {@code servers} emulators, instance i using server i mod servers. */
  private static final class SharedImds implements ImdsArrangement {
    private final List<FakeImds> servers = new ArrayList<>();

    SharedImds(int count) {
      for (int i = 0; i < count; i++) {
        servers.add(FakeImds.startShared(IMDS_THREADS / count).accountId(TestKms.ACCOUNT_ID));
      }
    }

    @Override
    public URI url(int instance) {
      return servers.get(instance % servers.size()).url();
    }

    @Override
    public List<RecordedRequest> requests() {
      return servers.stream().flatMap(imds -> imds.requests().stream()).toList();
    }

    @Override
    public String describe() {
      return servers.size() == 1
          ? "one shared FakeImds, " + IMDS_THREADS + " handler threads; a token session each"
          : servers.size()
              + " shared FakeImds, "
              + IMDS_THREADS / servers.size()
              + " handler threads each; a token session per instance";
    }

    @Override
    public void close() {
      servers.forEach(FakeImds::close);
    }
  }

  private static final class PerInstanceImds implements ImdsArrangement {
    private final List<FakeImds> emulators = new ArrayList<>();

    PerInstanceImds() {
      for (int i = 0; i < INSTANCES; i++) {
        emulators.add(FakeImds.start().accountId(TestKms.ACCOUNT_ID));
      }
    }

    @Override
    public URI url(int instance) {
      return emulators.get(instance).url();
    }

    @Override
    public List<RecordedRequest> requests() {
      return emulators.stream().flatMap(imds -> imds.requests().stream()).toList();
    }

    @Override
    public String describe() {
      return "one FakeImds per instance (" + INSTANCES + " servers, 4 handler threads each)";
    }

    @Override
    public void close() {
      emulators.forEach(FakeImds::close);
    }
  }

  /** The storm's figures, printed and written as the fragment bench/run copies. */
  private record Figures(
      List<Outcome> outcomes,
      Duration stormWall,
      int requests,
      int ideal,
      int errorsInjected,
      int imdsRequests,
      String imdsArrangement) {

    double ratio() {
      return (double) requests / ideal;
    }

    long succeeded() {
      return outcomes.stream().filter(Outcome::succeeded).count();
    }

    Duration percentile(int percent) {
      List<Duration> walls = outcomes.stream().map(Outcome::wall).sorted().toList();
      // Nearest rank.
      int rank = (int) Math.ceil(percent / 100.0 * walls.size());
      return walls.get(Math.max(0, rank - 1));
    }

    long retries() {
      return outcomes.stream().mapToLong(Outcome::retries).sum();
    }

    long otherRetries() {
      return outcomes.stream().mapToLong(Outcome::otherRetries).sum();
    }

    long mostRetries() {
      return outcomes.stream().mapToLong(Outcome::retries).max().orElse(0);
    }

    void report() throws IOException {
      String markdown = markdown();
      System.out.println("BootStormIT figures (development run):\n" + markdown);
      // What the other retries waited for, numbers masked: the rig's weak spots under load.
      outcomes.stream()
          .flatMap(outcome -> outcome.log().stream())
          .filter(BootStormIT::isOtherRetry)
          .map(line -> line.replaceAll("[0-9]+", "N"))
          .collect(Collectors.groupingBy(line -> line, TreeMap::new, Collectors.counting()))
          .forEach((line, count) -> System.out.println("other retry x" + count + ": " + line));
      Path folder = Path.of("target", "boot-storm");
      Files.createDirectories(folder);
      Files.writeString(folder.resolve("summary.md"), markdown);
    }

    String markdown() {
      List<String[]> rows =
          List.of(
              row("instances", String.valueOf(outcomes.size())),
              row(
                  "fault",
                  String.format(
                      Locale.ROOT,
                      "%.0f%% of S3 requests answered 503 SlowDown (seed %d)",
                      FAULT_RATE * 100,
                      SEED)),
              row("succeeded", succeeded() + " of " + outcomes.size() + " (deadline 60 s each)"),
              row("storm wall", seconds(stormWall)),
              row("per-instance wall p50", seconds(percentile(50))),
              row("per-instance wall p99", seconds(percentile(99))),
              row(
                  "S3 requests",
                  String.format(
                      Locale.ROOT,
                      "%d against an ideal of %d (%d instances x %d): %.2fx",
                      requests,
                      ideal,
                      outcomes.size(),
                      ideal / outcomes.size(),
                      ratio())),
              row("errors injected", String.valueOf(errorsInjected)),
              row(
                  "retries",
                  retries()
                      + " (at most "
                      + mostRetries()
                      + " in one instance; "
                      + otherRetries()
                      + " for anything but SlowDown)"),
              row("IMDS requests", String.valueOf(imdsRequests)),
              row("IMDS arrangement", imdsArrangement));
      return "Boot storm, "
          + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
          + ", BootStormIT (one JVM, "
          + Runtime.getRuntime().availableProcessors()
          + " CPUs):\n\n| figure | value |\n|---|---|\n"
          + rows.stream()
              .map(cells -> "| " + cells[0] + " | " + cells[1] + " |")
              .collect(Collectors.joining("\n"))
          + "\n";
    }

    private static String[] row(String figure, String value) {
      return new String[] {figure, value};
    }

    private static String seconds(Duration duration) {
      return String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
    }
  }
}
