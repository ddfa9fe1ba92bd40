package dev.ecsbootstrap.fragment;

import dev.ecsbootstrap.Name;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configuration keys the ECS agent and ecs-init read (the os.Getenv names in
 * agent/config/config.go and ecs-init/, and the README's table, at amazon-ecs-agent v1.74.1 and
 * later).
 */
public final class EcsKeys {
  public static final String AUTH_TYPE = "ECS_ENGINE_AUTH_TYPE";
  public static final String AUTH_DATA = "ECS_ENGINE_AUTH_DATA";

  /** The safe key form all three parsers agree on (docs/ecs-config-format.md). */
  static final Pattern SAFE_KEY = Pattern.compile("[A-Z_][A-Z0-9_]*");

  /**
   * Keys whose value is JSON (parsed as JSON in agent/config/parse.go and config.go). Invalid JSON
   * there is fatal for some (ECS_INSTANCE_ATTRIBUTES, ECS_CONTAINER_INSTANCE_TAGS,
   * ECS_AWSVPC_ADDITIONAL_LOCAL_ROUTES) and silently ignored for the rest, so these are parsed
   * instead of checked as plain text.
   */
  static final Set<String> JSON_VALUED =
      Set.of(
          AUTH_DATA,
          "ECS_RESERVED_PORTS",
          "ECS_RESERVED_PORTS_UDP",
          "ECS_AVAILABLE_LOGGING_DRIVERS",
          "ECS_INSTANCE_ATTRIBUTES",
          "ECS_AWSVPC_ADDITIONAL_LOCAL_ROUTES",
          "ECS_CONTAINER_INSTANCE_TAGS",
          "ECS_VOLUME_PLUGIN_CAPABILITIES",
          "ECS_PAUSE_LABELS",
          "ECS_LOG_OPTS",
          "ECS_AGENT_LABELS");

  /**
   * The JSON key that ecs-init reads from its systemd environment (ecs-init/config/common.go),
   * where systemd would unescape backslashes; every other JSON key reaches the agent through
   * ecs-init's file map as is.
   */
  static final String JSON_READ_THROUGH_SYSTEMD = "ECS_LOG_OPTS";

  /**
   * Keys ecs-init sets itself; overriding them breaks its bind mounts (ecs-init/docker/docker.go
   * getContainerConfig).
   */
  static final Set<String> SET_BY_ECS_INIT =
      Set.of("ECS_DATADIR", "ECS_LOGFILE", "ECS_AGENT_CONFIG_FILE_PATH", "ECS_UPDATE_DOWNLOAD_DIR");

  /**
   * Every key the agent or ecs-init reads: the only keys a message shows as written (see {@link
   * #name}).
   */
  static final Name.Vocabulary KNOWN =
      Name.Vocabulary.of(
          // Read by the agent (Linux).
          "ECS_CLUSTER",
          "ECS_BACKEND_HOST",
          "AWS_DEFAULT_REGION",
          "DOCKER_HOST",
          "ECS_RESERVED_PORTS",
          "ECS_RESERVED_PORTS_UDP",
          "ECS_DATADIR",
          "ECS_CHECKPOINT",
          AUTH_TYPE,
          AUTH_DATA,
          "ECS_UPDATES_ENABLED",
          "ECS_UPDATE_DOWNLOAD_DIR",
          "ECS_DISABLE_METRICS",
          "ECS_RESERVED_MEMORY",
          "ECS_AVAILABLE_LOGGING_DRIVERS",
          "ECS_DISABLE_PRIVILEGED",
          "ECS_SELINUX_CAPABLE",
          "ECS_APPARMOR_CAPABLE",
          "ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION",
          "ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION_JITTER",
          "ECS_ENABLE_TASK_ENI",
          "ECS_ENABLE_TASK_IAM_ROLE",
          "ECS_ENABLE_UNTRACKED_IMAGE_CLEANUP",
          "ECS_ENABLE_TASK_CPU_MEM_LIMIT",
          "ECS_CONTAINER_STOP_TIMEOUT",
          "ECS_MANIFEST_PULL_TIMEOUT",
          "ECS_CONTAINER_START_TIMEOUT",
          "ECS_CONTAINER_CREATE_TIMEOUT",
          "ECS_PULL_DEPENDENT_CONTAINERS_UPFRONT",
          "ECS_IMAGE_PULL_INACTIVITY_TIMEOUT",
          "ECS_IMAGE_PULL_TIMEOUT",
          "ECS_AUDIT_LOGFILE",
          "ECS_AUDIT_LOGFILE_DISABLED",
          "ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST",
          "ECS_DISABLE_IMAGE_CLEANUP",
          "ECS_IMAGE_MINIMUM_CLEANUP_AGE",
          "NON_ECS_IMAGE_MINIMUM_CLEANUP_AGE",
          "ECS_IMAGE_CLEANUP_INTERVAL",
          "ECS_NUM_IMAGES_DELETE_PER_CYCLE",
          "NONECS_NUM_CONTAINERS_DELETE_PER_CYCLE",
          "ECS_IMAGE_PULL_BEHAVIOR",
          "ECS_EXCLUDE_UNTRACKED_IMAGE",
          "ECS_INSTANCE_ATTRIBUTES",
          "ECS_CNI_PLUGINS_PATH",
          "ECS_AWSVPC_BLOCK_IMDS",
          "ECS_AWSVPC_ADDITIONAL_LOCAL_ROUTES",
          "ECS_ENABLE_CONTAINER_METADATA",
          "ECS_HOST_DATA_DIR",
          "ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE",
          "ECS_CGROUP_PATH",
          "ECS_TASK_METADATA_RPS_LIMIT",
          "ECS_SHARED_VOLUME_MATCH_FULL_CONFIG",
          "ECS_CONTAINER_INSTANCE_TAGS",
          "ECS_CONTAINER_INSTANCE_PROPAGATE_TAGS_FROM",
          "ECS_POLL_METRICS",
          "ECS_POLLING_METRICS_WAIT_DURATION",
          "ECS_DISABLE_DOCKER_HEALTH_CHECK",
          "ECS_ENABLE_GPU_SUPPORT",
          "ECS_EBSTA_SUPPORTED",
          "ECS_ENABLE_INF_SUPPORT",
          "ECS_NVIDIA_RUNTIME",
          "ECS_DISABLE_TASK_METADATA_AZ",
          "ECS_CGROUP_CPU_PERIOD",
          "ECS_ENABLE_SPOT_INSTANCE_DRAINING",
          "ECS_GMSA_SUPPORTED",
          "CREDENTIALS_FETCHER_HOST_DIR",
          "CREDENTIALS_FETCHER_SECRET_NAME_FOR_DOMAINLESS_GMSA",
          "ECS_DOMAIN_JOINED_LINUX_INSTANCE",
          "ECS_VOLUME_PLUGIN_CAPABILITIES",
          "ECS_EXTERNAL",
          "ECS_ENABLE_RUNTIME_STATS",
          "ECS_EXCLUDE_IPV6_PORTBINDING",
          "ECS_WARM_POOLS_CHECK",
          "ECS_DYNAMIC_HOST_PORT_RANGE",
          "ECS_TASK_PIDS_LIMIT",
          "ECS_ENABLE_FIRELENS_ASYNC",
          "ECS_INSTANCE_IP_COMPATIBILITY",
          "ECS_PROPAGATE_TASK_MEMORY_LIMIT_CGROUPV2",
          "ECS_ENABLE_PROMETHEUS_METRICS",
          "ECS_ENABLE_HIGH_DENSITY_ENI",
          "ECS_AGENT_CONFIG_FILE_PATH",
          "ECS_DETAILED_OS_FAMILY",
          "ECS_LOGLEVEL",
          "ECS_LOGLEVEL_ON_INSTANCE",
          "ECS_LOGFILE",
          "ECS_LOG_DRIVER",
          "ECS_LOG_ROLLOVER_TYPE",
          "ECS_LOG_OUTPUT_FORMAT",
          "ECS_LOG_MAX_FILE_SIZE_MB",
          "ECS_LOG_MAX_ROLL_COUNT",
          "ECS_AGENT_HEALTHCHECK_HOST",
          "ECS_ALTERNATE_CREDENTIAL_PROFILE",
          "ECS_PAUSE_LABELS",
          "HTTP_PROXY",
          "HTTPS_PROXY",
          "NO_PROXY",
          // Read by ecs-init only.
          "ECS_INIT_DOCKER_LOG_FILE_SIZE",
          "ECS_INIT_DOCKER_LOG_FILE_NUM",
          "ECS_LOG_OPTS",
          "ECS_AGENT_LABELS",
          "ECS_AGENT_RUN_PRIVILEGED",
          "ECS_AGENT_APPARMOR_PROFILE",
          "ECS_AGENT_PID_NAMESPACE_HOST",
          "CREDENTIALS_FETCHER_HOST",
          "ECS_ALLOW_OFFHOST_INTROSPECTION_ACCESS",
          "ECS_SKIP_LOCALHOST_TRAFFIC_FILTER",
          // Windows only, and one that is documented but no longer read: known, so no "unknown"
          // warning.
          "ECS_ENABLE_CPU_UNBOUNDED_WINDOWS_WORKAROUND",
          "ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND",
          "ECS_FSX_WINDOWS_FILE_SERVER_SUPPORTED",
          "ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME");

  private EcsKeys() {}

  static boolean isKnown(String key) {
    return KNOWN.contains(key);
  }

  /**
   * {@code key}, written at {@code line} and {@code column} (0 when not known), for a message: as
   * written when the agent knows it, otherwise described by shape and place (see {@link Name#key}).
   */
  static Name name(String key, int line, int column) {
    return Name.key(key, KNOWN, line, column);
  }

  /** The known key closest in edit distance, if it is close enough to be a plausible typo. */
  static Optional<String> closestKnown(String key) {
    int maxDistance = Math.max(2, key.length() / 4);
    return KNOWN.names().stream()
        .map(known -> new Candidate(known, editDistance(key, known)))
        .filter(candidate -> candidate.distance() <= maxDistance)
        .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::key))
        .map(Candidate::key);
  }

  private record Candidate(String key, int distance) {}

  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
