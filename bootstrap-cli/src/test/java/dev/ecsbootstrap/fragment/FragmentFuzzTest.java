package dev.ecsbootstrap.fragment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.ecsconfig.EcsConfigMerge;
import dev.ecsbootstrap.ecsconfig.EcsConfigUpdater;
import dev.ecsbootstrap.testing.Canary;
import dev.ecsbootstrap.testing.ValidationCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@link FragmentValidator#parse} on any bytes: a {@link Fragment}, or a {@link BootstrapException}
 * with exit code 3 and at least one error, and nothing else; no problem shows a credential; an
 * accepted fragment keeps the rules an agent relies on and survives being written to ecs.config and
 * read back.
 *
 * <p>Seeds: {@code FragmentFuzzTestInputs/parsesAnyBytes/corpus/} mirrors the validation corpus
 * ({@code .ci/sync-fuzz-seeds} regenerates it, {@link FragmentFuzzSeedsTest} fails when it drifts);
 * findings of {@code .ci/fuzz} are kept beside it.
 */
class FragmentFuzzTest {
  /** Go's unicode.IsSpace is Unicode White_Space: a value must not start or end with it. */
  private static final Pattern EDGE_WHITE_SPACE =
      Pattern.compile("(?s)\\p{IsWhite_Space}.*|.*\\p{IsWhite_Space}");

  private static final String SOURCE = "fuzz.env";

  /**
   * Text that is only ever a credential: the seeds' passwords and the dictionary's, each with an
   * upper-case letter and a digit, so that no host, field or known key can have it. No message may
   * show one, wherever the fuzzer puts it.
   */
  private static final List<String> SECRETS =
      Stream.concat(Stream.of(ValidationCorpus.PASSWORD, "S3cret", "Pa55"), Canary.forms().stream())
          .toList();

  /** Exactly one JSON value, as the validator requires of a JSON-valued key. */
  private static final ObjectMapper ONE_JSON_VALUE =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  /** Auth data, where duplicate registry keys are errors too; this reader must not hide them. */
  private static final ObjectMapper AUTH_DATA_JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  @FuzzTest
  @DictionaryEntries({
    "ECS_ENGINE_AUTH_TYPE=",
    "ECS_ENGINE_AUTH_DATA=",
    "docker",
    "dockercfg",
    "ECS_CLUSTER=",
    "ECS_INSTANCE_ATTRIBUTES=",
    "\"username\":",
    "\"password\":",
    "\"auth\":",
    "\"auths\":",
    "\"email\":",
    "https://",
    "https://index.docker.io/v1/",
    "S3cret",
    "Pa55",
    "\\ud800",
    "\u00a0",
    "ECS_CONTAINER_INSTANCE_TAGS=",
    "ECS_AWSVPC_ADDITIONAL_LOCAL_ROUTES=",
    "ECS_AVAILABLE_LOGGING_DRIVERS=",
    "ECS_EXTERNAL=true",
    "AWS_DEFAULT_REGION=",
    "\"10.0.0.0/8\"",
    "\"awsfirelens\"",
    "\"identitytoken\":",
    "\u202f",
  })
  void parsesAnyBytes(byte[] content) throws IOException {
    Fragment fragment;
    try {
      // As apply does: validate, then merge into a real ecs.config.
      fragment = FragmentValidator.parse(SOURCE, content);
      EcsConfigUpdater.update(ECS_CONFIG, fragment.settings(), false);
    } catch (BootstrapException e) {
      assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
      assertThat(e.source()).isEqualTo(SOURCE);
      assertThat(e.problems()).anyMatch(Problem::isError);
      assertShowsNoSecret(e.getMessage());
      e.problems().forEach(problem -> assertShowsNoSecret(problem.message()));
      assertThat(Files.readAllBytes(ECS_CONFIG))
          .as("ecs.config after a refused fragment")
          .isEqualTo(EXISTING);
      assertThat(Files.getLastModifiedTime(ECS_CONFIG)).isEqualTo(existingModified);
      return;
    }
    assertThat(Files.readAllBytes(ECS_CONFIG))
        .as("ecs.config after an accepted fragment")
        .isEqualTo(EcsConfigMerge.merge(EXISTING, fragment.settings()).content());
    try (Stream<Path> files = Files.list(ECS_CONFIG.getParent())) {
      assertThat(files)
          .as("temp files left beside ecs.config")
          .noneMatch(file -> file.getFileName().toString().endsWith(".tmp"));
    }
    restoreEcsConfig();
    assertThat(fragment.warnings()).noneMatch(Problem::isError);
    fragment.warnings().forEach(problem -> assertShowsNoSecret(problem.message()));
    assertKeepsTheAgentsRules(fragment);
    assertLetsTheAgentStart(fragment);
    assertCredentialsSurviveGo(fragment);
    assertSurvivesEcsConfig(fragment);
  }

  /**
   * The ecs.config each input is applied to, in a folder of its own (one per JVM); restored after
   * an accepted fragment changed it.
   */
  private static final Path ECS_CONFIG = ecsConfigFolder().resolve("ecs.config");

  private static final byte[] EXISTING =
      "ECS_CLUSTER=before\nECS_LOGLEVEL=info\n".getBytes(StandardCharsets.UTF_8);

  private static FileTime existingModified = restoreEcsConfig();

  /**
   * On tmpfs where there is one: the updater fsyncs every write, which on a disk costs the fuzzer
   * most of its executions.
   */
  private static Path ecsConfigFolder() {
    Path tmpfs = Path.of("/dev/shm");
    try {
      Path folder =
          Files.isDirectory(tmpfs) && Files.isWritable(tmpfs)
              ? Files.createTempDirectory(tmpfs, "fragment-fuzz-")
              : Files.createTempDirectory("fragment-fuzz-");
      // Deleted in reverse order: the file first, then its folder.
      folder.toFile().deleteOnExit();
      folder.resolve("ecs.config").toFile().deleteOnExit();
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FileTime restoreEcsConfig() {
    try {
      Files.write(ECS_CONFIG, EXISTING);
      existingModified = Files.getLastModifiedTime(ECS_CONFIG);
      return existingModified;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertShowsNoSecret(String message) {
    for (String secret : SECRETS) {
      assertThat(message).doesNotContain(secret);
    }
  }

  /** The validator's rules (docs/validation.md), as far as the validator implements them. */
  private static void assertKeepsTheAgentsRules(Fragment fragment) {
    List<Setting> settings = fragment.settings();
    assertThat(settings).as("a fragment that sets nothing is an error").isNotEmpty();
    Set<String> keys = new HashSet<>();
    int line = 0;
    for (Setting setting : settings) {
      String key = setting.key();
      String value = setting.value().reveal();
      assertThat(keys.add(key)).as("%s set twice", key).isTrue();
      assertThat(setting.line()).as("settings in line order").isGreaterThan(line);
      line = setting.line();
      assertThat(EcsKeys.SAFE_KEY.matcher(key).matches()).as("key %s", key).isTrue();
      assertThat(value).doesNotContain("\n", "\r");
      // White space as Go trims it (Unicode White_Space), independently of GoWhiteSpace.
      assertThat(value).as("%s: white space at either end", key).doesNotMatch(EDGE_WHITE_SPACE);
      boolean json = EcsKeys.JSON_VALUED.contains(key);
      assertThat(
              value
                  .codePoints()
                  .noneMatch(
                      c -> Character.getType(c) == Character.CONTROL && !(json && c == '\t')))
          .as("%s: control character in the value", key)
          .isTrue();
      assertThat(value).doesNotStartWith("\"").doesNotStartWith("'");
      if (!EcsKeys.JSON_VALUED.contains(key)) {
        assertThat(value).as("%s: plain value", key).doesNotContain("\\");
      } else if (!key.equals(EcsKeys.AUTH_DATA)) {
        assertThat(readJson(ONE_JSON_VALUE, value).isMissingNode())
            .as("%s: no JSON", key)
            .isFalse();
      }
    }
    Optional<Setting> type = fragment.setting(EcsKeys.AUTH_TYPE);
    Optional<Setting> data = fragment.setting(EcsKeys.AUTH_DATA);
    assertThat(type.isPresent()).as("auth type iff auth data").isEqualTo(data.isPresent());
    if (type.isEmpty()) {
      assertThat(fragment.registries()).isEmpty();
      return;
    }
    EngineAuthType authType =
        EngineAuthType.fromWireName(type.get().value().reveal()).orElseThrow();
    JsonNode registries = readJson(AUTH_DATA_JSON, data.get().value().reveal());
    assertThat(registries.isObject()).isTrue();
    assertThat(fragment.registries()).hasSize(registries.size());
    Set<String> stripped = new HashSet<>();
    for (Map.Entry<String, JsonNode> registry : registries.properties()) {
      String name = registry.getKey();
      assertThat(name).isNotEqualTo("auths").isNotEmpty();
      assertThat(stripped.add(RegistryNames.stripScheme(name)))
          .as("registry keys that differ only by http(s)://")
          .isTrue();
      assertThat(registry.getValue().isObject()).as("entry of a registry").isTrue();
      if (authType == EngineAuthType.DOCKER) {
        assertThat(field(registry.getValue(), "username")).isNotEmpty();
        field(registry.getValue(), "password");
      } else {
        String auth = field(registry.getValue(), "auth");
        String decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
        assertThat(auth.length() % 4).as("padded base64").isZero();
        assertThat(decoded.indexOf(':')).as("user:password, user not empty").isPositive();
      }
    }
  }

  /**
   * Nothing accepted makes the agent's config.NewConfig fail (agent/config/parse.go, config.go),
   * checked on Jackson's tree, apart from the validator's streaming checks. The CIDR syntax is only
   * roughly checked here ('/' in a string); GoCidrTest holds Go's own answers.
   */
  private static void assertLetsTheAgentStart(Fragment fragment) {
    for (String key : List.of("ECS_INSTANCE_ATTRIBUTES", "ECS_CONTAINER_INSTANCE_TAGS")) {
      fragment
          .setting(key)
          .map(setting -> readJson(ONE_JSON_VALUE, setting.value().reveal()))
          .filter(json -> !json.isNull())
          .ifPresent(
              json -> {
                assertThat(json.isObject()).as("%s is an object", key).isTrue();
                json.forEach(
                    entry ->
                        assertThat(entry.isTextual() || entry.isNull())
                            .as("%s holds strings", key)
                            .isTrue());
              });
    }
    fragment
        .setting("ECS_AWSVPC_ADDITIONAL_LOCAL_ROUTES")
        .map(setting -> readJson(ONE_JSON_VALUE, setting.value().reveal()))
        .filter(json -> !json.isNull())
        .ifPresent(
            json -> {
              assertThat(json.isArray()).as("routes are an array").isTrue();
              json.forEach(
                  route ->
                      assertThat(route.isTextual() && route.textValue().contains("/")).isTrue());
            });
    Set<String> drivers =
        Set.of(
            "json-file",
            "syslog",
            "journald",
            "gelf",
            "fluentd",
            "awslogs",
            "splunk",
            "logentries",
            "sumologic",
            "none",
            "awsfirelens");
    fragment
        .setting("ECS_AVAILABLE_LOGGING_DRIVERS")
        .map(setting -> readJson(ONE_JSON_VALUE, setting.value().reveal()))
        .filter(json -> !json.isNull())
        .ifPresent(
            json -> {
              assertThat(json.isArray()).as("logging drivers are an array").isTrue();
              json.forEach(driver -> assertThat(drivers).contains(driver.asText("")));
            });
    boolean external =
        fragment
            .setting("ECS_EXTERNAL")
            .map(
                setting ->
                    Set.of("1", "t", "T", "TRUE", "true", "True")
                        .contains(setting.value().reveal()))
            .orElse(false);
    if (external) {
      assertThat(fragment.setting("AWS_DEFAULT_REGION").map(setting -> setting.value().reveal()))
          .as("ECS_EXTERNAL needs a region")
          .hasValueSatisfying(region -> assertThat(region).isNotEmpty());
    }
  }

  /**
   * Auth data names a registry, and no credential field the agent reads holds a lone surrogate,
   * which Go would decode as U+FFFD.
   */
  private static void assertCredentialsSurviveGo(Fragment fragment) {
    Optional<Setting> data = fragment.setting(EcsKeys.AUTH_DATA);
    if (data.isEmpty()) {
      return;
    }
    JsonNode registries = readJson(AUTH_DATA_JSON, data.get().value().reveal());
    assertThat(registries.size()).as("auth data names a registry").isPositive();
    registries.forEach(
        entry ->
            entry
                .properties()
                .forEach(
                    field -> {
                      String name = field.getKey().toLowerCase(Locale.ROOT);
                      boolean read =
                          name.equals("auth")
                              || (fragment
                                      .setting(EcsKeys.AUTH_TYPE)
                                      .orElseThrow()
                                      .value()
                                      .reveal()
                                      .equals("docker")
                                  && Set.of("username", "password", "email").contains(name));
                      if (read && field.getValue().isTextual()) {
                        assertThat(field.getValue().textValue().codePoints())
                            .as("%s: no lone surrogate", name)
                            .noneMatch(
                                cp ->
                                    cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
                      }
                    }));
  }

  /**
   * The one string field the agent reads for {@code name} (encoding/json matches names
   * case-insensitively, so there must be exactly one spelling of it).
   */
  private static String field(JsonNode entry, String name) {
    List<JsonNode> values = new ArrayList<>();
    entry
        .properties()
        .forEach(
            field -> {
              if (field.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                values.add(field.getValue());
              }
            });
    assertThat(values).as("fields named %s", name).hasSize(1);
    assertThat(values.get(0).isTextual()).as("%s is a string", name).isTrue();
    return values.get(0).textValue();
  }

  private static JsonNode readJson(ObjectMapper mapper, String json) {
    try {
      return mapper.readTree(json);
    } catch (IOException e) {
      return fail("accepted a value that is not the JSON its key needs", e);
    }
  }

  /** Written into an empty ecs.config, as apply does, and validated again: the same settings. */
  private static void assertSurvivesEcsConfig(Fragment fragment) {
    byte[] written = EcsConfigMerge.merge(new byte[0], fragment.settings()).content();
    Fragment again = FragmentValidator.parse("ecs.config", written);
    assertThat(again.settings())
        .extracting(Setting::key, Setting::value)
        .containsExactlyElementsOf(
            fragment.settings().stream()
                .map(setting -> tuple(setting.key(), setting.value()))
                .toList());
    assertThat(again.registries()).isEqualTo(fragment.registries());
  }
}
