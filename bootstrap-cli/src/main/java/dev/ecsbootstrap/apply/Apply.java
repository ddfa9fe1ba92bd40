package dev.ecsbootstrap.apply;

import dev.ecsbootstrap.Log;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.agent.AgentRestarter;
import dev.ecsbootstrap.aws.AwsClients;
import dev.ecsbootstrap.aws.BucketOwner;
import dev.ecsbootstrap.aws.Deadline;
import dev.ecsbootstrap.aws.Retrier;
import dev.ecsbootstrap.aws.Watchdog;
import dev.ecsbootstrap.ecsconfig.AtomicFiles;
import dev.ecsbootstrap.ecsconfig.EcsConfigMerge;
import dev.ecsbootstrap.ecsconfig.EcsConfigUpdater;
import dev.ecsbootstrap.fragment.Fragment;
import dev.ecsbootstrap.fragment.FragmentCombiner;
import dev.ecsbootstrap.fragment.FragmentValidator;
import dev.ecsbootstrap.imds.InstanceMetadata;
import dev.ecsbootstrap.source.FetchedObject;
import dev.ecsbootstrap.source.ObjectPolicy;
import dev.ecsbootstrap.source.S3FragmentSource;
import dev.ecsbootstrap.state.ApplyState;
import dev.ecsbootstrap.state.StateFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code apply} use case, one straight path: fetch each fragment (refusing what the policy
 * refuses) → validate it as the agent will parse it → combine → merge into ecs.config atomically →
 * report.
 */
public final class Apply {
  // Off an instance, these flags replace what apply would ask IMDS for.
  private static final String REGION_FLAG = "--region REGION";
  private static final String OWNER_FLAG = "--expected-bucket-owner ACCOUNT|any";
  private static final String WITHOUT_IMDS = ", and apply does not need IMDS";
  private final AwsClients aws;
  private final Log log;
  private final Function<String, S3Client> s3ByRegion;
  private final Supplier<Ec2MetadataClient> imds;
  private final AgentRestarter restarter;

  public Apply(AwsClients aws, Log log) {
    this(aws, log, NO_RESTARTER);
  }

  /** With {@code restarter} for --restart-agent. */
  public Apply(AwsClients aws, Log log, AgentRestarter restarter) {
    this(aws, log, aws::s3, aws::imds, restarter);
  }

  /**
   * Takes the S3 client for the resolved region from {@code s3ByRegion} and the IMDS client from
   * {@code imds}: how tests run the whole use case, validation before the write included, on
   * objects and an identity document held in memory.
   */
  Apply(
      AwsClients aws,
      Log log,
      Function<String, S3Client> s3ByRegion,
      Supplier<Ec2MetadataClient> imds) {
    this(aws, log, s3ByRegion, imds, NO_RESTARTER);
  }

  Apply(
      AwsClients aws,
      Log log,
      Function<String, S3Client> s3ByRegion,
      Supplier<Ec2MetadataClient> imds,
      AgentRestarter restarter) {
    this.aws = aws;
    this.log = log;
    this.s3ByRegion = s3ByRegion;
    this.imds = imds;
    this.restarter = restarter;
  }

  /** For callers without --restart-agent, which {@link Rotation} refuses to build them. */
  private static final AgentRestarter NO_RESTARTER =
      new AgentRestarter() {
        @Override
        public void requireStateKept(byte[] ecsConfig, boolean force) {
          throw new IllegalStateException("apply was given no AgentRestarter");
        }

        @Override
        public void restart() {
          throw new IllegalStateException("apply was given no AgentRestarter");
        }
      };

  /**
   * Runs the use case on a {@link Watchdog}'s worker, bounded by one deadline of {@code
   * request.timeout()}: every SDK timeout and every retry is cut from it, and when it passes the
   * run ends with exit 6, unless ecs.config's write has begun (then it is let finish).
   */
  public ApplyResult run(ApplyRequest request) {
    Deadline deadline = Deadline.after(request.timeout());
    aws.within(deadline);
    return Watchdog.run("apply", deadline, commit -> run(request, deadline, commit));
  }

  /**
   * Calls {@code commit} just before ecs.config is written: the point of no return (the write
   * itself, and any lock it takes, are {@link EcsConfigUpdater}'s).
   */
  private ApplyResult run(ApplyRequest request, Deadline deadline, Watchdog.Commit commit) {
    Retrier retrier = new Retrier(deadline, request.accessDeniedGrace(), log::warn);
    InstanceMetadata instance = new InstanceMetadata(imds.get(), retrier, aws.imdsEndpoint());
    String region =
        aws.regions().resolve(request.region(), () -> instanceRegion(request, instance));
    ObjectPolicy policy =
        new ObjectPolicy(
            request.allowUnencrypted(),
            request.kmsKeyId(),
            bucketOwner(request, instance),
            ObjectPolicy.DEFAULT_MAX_BYTES);
    S3FragmentSource source = new S3FragmentSource(s3ByRegion.apply(region), retrier);
    Optional<StateFile> stateFile =
        request.rotation().stateFile().map(path -> new StateFile(path, log));
    ApplyState before = stateFile.map(StateFile::load).orElse(ApplyState.NONE);
    List<String> inputs = MergeInputs.of(request);
    List<Path> targets = targets(request);
    List<SourceFetch> fetches =
        new ConditionalFetch(source, policy, log)
            .fetch(
                request.sources(),
                // A dry run shows the whole diff, so it fetches everything.
                request.dryRun() ? Map.of() : before.eTagsIfUnchanged(inputs, targets));
    if (!fetches.isEmpty() && ConditionalFetch.noneFetched(fetches)) {
      return notModified(request, stateFile, before, fetches, commit);
    }
    List<Fragment> fragments = new ArrayList<>();
    List<FetchedObject> fetched = new ArrayList<>();
    for (SourceFetch fetch : fetches) {
      FetchedObject object = fetch.object().orElseThrow();
      Fragment fragment = FragmentValidator.parse(fetch.uri().toString(), object.body());
      for (Problem warning : fragment.warnings()) {
        log.warn(warning.render(fragment.source()));
      }
      fragments.add(fragment);
      fetched.add(object);
    }
    request.cluster().map(Apply::clusterSetting).ifPresent(fragments::add);
    Fragment combined = FragmentCombiner.combine(fragments);
    if (!combined.registries().isEmpty()) {
      log.info("registries: " + String.join(", ", combined.registries()));
    }
    commit.begin();
    ApplyResult written =
        request.authTarget().json()
            ? JsonTargetWrite.write(request, combined, fetched, deadline)
            : new ApplyResult(
                request.ecsConfig(),
                EcsConfigUpdater.update(
                    request.ecsConfig(),
                    combined.settings(),
                    request.dryRun(),
                    deadline,
                    request.allowSharedFolder()),
                combined,
                fetched);
    log.info(written.summary());
    AgentOutcome agent =
        request.dryRun()
            ? new AgentOutcome(AgentRestart.DRY_RUN, before.pendingRestart())
            : new RestartStep(restarter, log)
                .run(
                    request.rotation(),
                    stateFile,
                    before,
                    ApplyState.recorded(inputs, MergeInputs.sourceStates(fetched), targets, false),
                    written.changedAFile(),
                    written.outcome().merge().content());
    return written.with(fetches, agent);
  }

  /** The files this run writes, whose state is recorded and compared. */
  private static List<Path> targets(ApplyRequest request) {
    return request.authTarget().json()
        ? List.of(request.ecsConfig(), request.authTarget().ecsConfigJson())
        : List.of(request.ecsConfig());
  }

  /**
   * Every source answered 304 and every target is as apply left it: nothing to fetch, merge or
   * write; only a restart a previous run left pending is performed.
   */
  private ApplyResult notModified(
      ApplyRequest request,
      Optional<StateFile> stateFile,
      ApplyState before,
      List<SourceFetch> fetches,
      Watchdog.Commit commit) {
    boolean restart = request.rotation().restartAgent() && before.pendingRestart();
    log.info(
        "every source answered 304 Not Modified and "
            + request.ecsConfig()
            + " is as apply left it: nothing fetched or written"
            + (restart ? "; performing the pending restart" : ", no restart"));
    commit.begin();
    byte[] content = AtomicFiles.readExisting(request.ecsConfig());
    AgentOutcome agent =
        new RestartStep(restarter, log)
            .run(
                request.rotation(),
                stateFile,
                before,
                before.withPendingRestart(false),
                false,
                content);
    EcsConfigUpdater.Outcome outcome =
        new EcsConfigUpdater.Outcome(
            EcsConfigMerge.merge(content, List.of()), EcsConfigUpdater.Status.UNCHANGED, false);
    Fragment nothing = new Fragment("(not modified)", List.of(), List.of(), List.of());
    return new ApplyResult(request.ecsConfig(), outcome, nothing, List.of()).with(fetches, agent);
  }

  private Optional<String> instanceRegion(ApplyRequest request, InstanceMetadata instance) {
    String withoutImds =
        request.expectedBucketOwner().isPresent()
            ? "pass " + REGION_FLAG + WITHOUT_IMDS
            : "pass " + REGION_FLAG + " and " + OWNER_FLAG + WITHOUT_IMDS;
    String region = instance.identity(withoutImds).region();
    log.debug("region " + region + " from instance metadata");
    return Optional.of(region);
  }

  private Optional<String> bucketOwner(ApplyRequest request, InstanceMetadata instance) {
    if (request.expectedBucketOwner().isPresent()) {
      return request.expectedBucketOwner().filter(owner -> !owner.equals(BucketOwner.ANY));
    }
    String account = instance.identity("pass " + OWNER_FLAG + WITHOUT_IMDS).accountId();
    log.debug("expected bucket owner " + account + " (this instance's account)");
    return Optional.of(account);
  }

  /** --cluster as a one-line fragment, so it passes the same rules and merge as fetched ones. */
  private static Fragment clusterSetting(String cluster) {
    return FragmentValidator.parse(
        "--cluster", ("ECS_CLUSTER=" + cluster + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
