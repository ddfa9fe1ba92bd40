package dev.ecsbootstrap.ecsconfig;

import static dev.ecsbootstrap.ecsconfig.Draw.oneOf;
import static dev.ecsbootstrap.ecsconfig.Draw.percent;

import dev.ecsbootstrap.fragment.EcsKeys;
import dev.ecsbootstrap.fragment.EngineAuthType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Generates fragments that FragmentValidator accepts, by construction: keys of the safe form,
 * values free of what the readers disagree on (quotes, backslashes, " #", surrounding whitespace),
 * auth data the agent reads (docker: username and password; dockercfg: padded base64 of
 * user:password) under distinct lower-case registry keys; around them comments, blank and indented
 * lines, LF or CRLF endings, a final newline or none. Some settings only draw warnings (a key
 * ecs-init sets, an unknown ECS_ key), which must not stop a merge.
 */
final class ValidFragments {
  /** Every generated password starts with this, so a leak is easy to search for. */
  static final String FAKE_PASSWORD_PREFIX = "fake-PW-";

  /** What a fragment must contain, for a defect that changes that part. */
  enum Needs {
    NOTHING,
    AUTH,
    DOCKERCFG_AUTH,
    PLAIN_VALUE
  }

  private record Candidate(String key, boolean json, Function<RandomGenerator, String> value) {}

  private static final String ALPHANUMERIC =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private static final List<Candidate> OTHER_SETTINGS =
      List.of(
          plain("ECS_CLUSTER", ValidFragments::clusterName),
          plain("ECS_LOGLEVEL", random -> oneOf(random, "debug", "info", "warn", "error", "crit")),
          plain("ECS_ENABLE_SPOT_INSTANCE_DRAINING", random -> oneOf(random, "true", "false")),
          plain("ECS_ENABLE_TASK_IAM_ROLE", random -> oneOf(random, "true", "false")),
          plain("ECS_CONTAINER_STOP_TIMEOUT", random -> random.nextInt(1, 600) + "s"),
          plain("ECS_RESERVED_MEMORY", random -> Integer.toString(random.nextInt(0, 4096))),
          plain(
              "HTTP_PROXY",
              random -> oneOf(random, "http://proxy.example.com:3128", "http://10.0.0.1:8080")),
          plain(
              "NO_PROXY",
              random -> oneOf(random, "169.254.169.254,169.254.170.2,/var/run/docker.sock", "")),
          plain("ECS_DATADIR", random -> "/data"),
          plain("ECS_CLUSTR", random -> "a-typo"),
          plain(
              "MY_DEPLOYMENT_NOTE",
              random -> oneOf(random, "hello world", "a=b#c", "", "ünïcödé ✓", "x:y/z?q=1")),
          json(
              "ECS_AVAILABLE_LOGGING_DRIVERS",
              random ->
                  oneOf(random, "[\"json-file\",\"awslogs\"]", "[\"json-file\", \"syslog\"]")),
          json(
              "ECS_INSTANCE_ATTRIBUTES",
              random ->
                  oneOf(
                      random,
                      "{\"team\":\"platform\"}",
                      "{\"note\": \"a = b # c\", \"x\": \"1\"}")),
          json("ECS_RESERVED_PORTS", random -> oneOf(random, "[22, 2375, 2376, 51678]", "[]")));

  /** Distinct for the agent too: no two are the same once it strips http(s)://. */
  private static final List<String> REGISTRIES =
      List.of(
          "registry.example.com",
          "registry.example.com:8443",
          "ghcr.io",
          "ghcr.io/team-a",
          "quay.io",
          "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
          "localhost:5000",
          "https://index.docker.io/v1/",
          "http://insecure.example.net");

  /** Every key a generated fragment may set. */
  static final List<String> KEYS =
      Stream.concat(
              Stream.of(EcsKeys.AUTH_TYPE, EcsKeys.AUTH_DATA),
              OTHER_SETTINGS.stream().map(Candidate::key))
          .toList();

  private ValidFragments() {}

  static ValidFragment generate(RandomGenerator random) {
    return generate(random, Needs.NOTHING);
  }

  static ValidFragment generate(RandomGenerator random, Needs needs) {
    List<Map.Entry<String, String>> assignments = new ArrayList<>();
    Set<String> plainKeys = new LinkedHashSet<>();
    Optional<AuthData> auth = Optional.empty();
    if (needs == Needs.AUTH || needs == Needs.DOCKERCFG_AUTH || percent(random, 70)) {
      EngineAuthType type =
          needs == Needs.DOCKERCFG_AUTH
              ? EngineAuthType.DOCKERCFG
              : oneOf(random, EngineAuthType.values());
      AuthData data = authData(random, type);
      auth = Optional.of(data);
      assignments.add(Map.entry(EcsKeys.AUTH_TYPE, type.wireName()));
      assignments.add(Map.entry(EcsKeys.AUTH_DATA, data.json()));
    }
    for (Candidate candidate : Draw.distinct(random, OTHER_SETTINGS, random.nextInt(0, 5))) {
      assignments.add(Map.entry(candidate.key(), candidate.value().apply(random)));
      if (!candidate.json()) {
        plainKeys.add(candidate.key());
      }
    }
    if (assignments.isEmpty() || (needs == Needs.PLAIN_VALUE && plainKeys.isEmpty())) {
      assignments.add(Map.entry("ECS_CLUSTER", clusterName(random)));
      plainKeys.add("ECS_CLUSTER");
    }
    assignments = Draw.distinct(random, assignments, assignments.size());
    return new ValidFragment(draft(random, assignments), settings(assignments), auth, plainKeys);
  }

  static String fakePassword(RandomGenerator random) {
    return FAKE_PASSWORD_PREFIX + Draw.string(random, "abcXYZ0189:!#%&*+=/ \"\\é€", 4, 16);
  }

  private static FragmentDraft draft(
      RandomGenerator random, List<Map.Entry<String, String>> assignments) {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, String> assignment : assignments) {
      if (percent(random, 30)) {
        lines.add(decoration(random));
      }
      String indentation = percent(random, 10) ? oneOf(random, " ", "\t", "  ") : "";
      lines.add(indentation + assignment.getKey() + "=" + assignment.getValue());
    }
    if (percent(random, 20)) {
      lines.add(decoration(random));
    }
    boolean crlf = percent(random, 25);
    boolean mixed = percent(random, 10);
    List<String> endings = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      endings.add(mixed ? oneOf(random, "\n", "\r\n") : crlf ? "\r\n" : "\n");
    }
    return new FragmentDraft(lines, endings, percent(random, 85));
  }

  private static String decoration(RandomGenerator random) {
    return oneOf(
        random,
        "# comment",
        "#",
        "# ECS_CLUSTER=commented-out",
        "   # indented comment",
        "",
        "   ",
        "\t");
  }

  private static AuthData authData(RandomGenerator random, EngineAuthType type) {
    List<AuthData.Entry> entries = new ArrayList<>();
    for (String registry : Draw.distinct(random, REGISTRIES, random.nextInt(1, 4))) {
      String user = "user-" + Draw.string(random, ALPHANUMERIC, 1, 8);
      String password = fakePassword(random);
      List<Map.Entry<String, String>> fields = new ArrayList<>();
      if (type == EngineAuthType.DOCKER) {
        fields.add(Map.entry("username", user));
        fields.add(Map.entry("password", password));
      } else {
        fields.add(Map.entry("auth", base64(user + ":" + password)));
      }
      if (percent(random, 30)) {
        fields.add(Map.entry("email", "ops@example.com"));
      }
      entries.add(new AuthData.Entry(registry, settings(Draw.distinct(random, fields, 3))));
    }
    return new AuthData(type, entries, percent(random, 30));
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String clusterName(RandomGenerator random) {
    return Draw.string(random, ALPHANUMERIC + "-_", 1, 24);
  }

  private static Map<String, String> settings(List<Map.Entry<String, String>> pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    pairs.forEach(pair -> map.put(pair.getKey(), pair.getValue()));
    return map;
  }

  private static Candidate plain(String key, Function<RandomGenerator, String> value) {
    return new Candidate(key, false, value);
  }

  private static Candidate json(String key, Function<RandomGenerator, String> value) {
    return new Candidate(key, true, value);
  }
}
