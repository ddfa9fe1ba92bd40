package dev.ecsbootstrap.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.testing.Canary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerConfigReaderTest {
  private static final String FILE = "/home/op/.docker/config.json";
  private final List<String> warnings = new ArrayList<>();

  private List<RegistryCredential> read(String json, String... wanted) {
    return read(json.getBytes(StandardCharsets.UTF_8), wanted);
  }

  private List<RegistryCredential> read(byte[] content, String... wanted) {
    return DockerConfigReader.read(FILE, content, List.of(wanted), warnings::add);
  }

  private BootstrapException failure(String json, String... wanted) {
    return failure(json.getBytes(StandardCharsets.UTF_8), wanted);
  }

  private BootstrapException failure(byte[] content, String... wanted) {
    try {
      read(content, wanted);
    } catch (BootstrapException e) {
      assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
      for (Problem problem : e.problems()) {
        for (String secret : Canary.forms()) {
          assertThat(problem.message()).doesNotContain(secret);
        }
      }
      return e;
    }
    throw new AssertionError("expected the config to be refused");
  }

  @Test
  void readsTheCurrentLayout() {
    List<RegistryCredential> credentials =
        read(
            """
        {
          "auths": {
            "https://index.docker.io/v1/": {"auth": "%s"},
            "ghcr.io": {"auth": "%s"}
          },
          "currentContext": "default"
        }"""
                .formatted(Canary.auth(), Canary.auth("bot", "pw")));

    assertThat(credentials)
        .extracting(RegistryCredential::registry)
        .containsExactly("https://index.docker.io/v1/", "ghcr.io");
    assertThat(credentials.get(0).username()).isEqualTo(Canary.USERNAME);
    assertThat(credentials.get(0).password().reveal()).isEqualTo(Canary.SECRET);
    assertThat(credentials.get(1).username()).isEqualTo("bot");
    assertThat(credentials.toString()).doesNotContain(Canary.SECRET).doesNotContain("bot");
  }

  @Test
  void readsTheLegacyDockercfgLayout() {
    List<RegistryCredential> credentials =
        read(
            """
        {"https://registry.example.com": {"auth": "%s", "email": "ops@example.com"}}"""
                .formatted(Canary.auth()));

    assertThat(credentials)
        .singleElement()
        .satisfies(
            credential -> {
              assertThat(credential.registry()).isEqualTo("registry.example.com");
              assertThat(credential.password().reveal()).isEqualTo(Canary.SECRET);
            });
  }

  @Test
  void selectsTheNamedRegistriesByTheirNormalizedName() {
    String json =
        """
        {"auths": {"https://ghcr.io": {"auth": "%s"}, "quay.io": {"auth": "%s"}}}"""
            .formatted(Canary.auth(), Canary.auth());

    assertThat(read(json, "GHCR.io"))
        .extracting(RegistryCredential::registry)
        .containsExactly("ghcr.io");
  }

  @Test
  void refusesANamedRegistryKeptByACredentialHelper() {
    String json =
        """
        {
          "auths": {"ghcr.io": {"auth": "%s"}},
          "credHelpers": {"123456789012.dkr.ecr.us-east-1.amazonaws.com": "ecr-login"}
        }"""
            .formatted(Canary.auth());

    BootstrapException e = failure(json, "123456789012.dkr.ecr.us-east-1.amazonaws.com");

    assertThat(e.problems())
        .singleElement()
        .satisfies(
            problem ->
                assertThat(problem.message())
                    .isEqualTo(
                        "--registry #1: kept by the credential"
                            + " helper named in \"credHelpers\", which the ECS agent cannot use;"
                            + " use --username and --password-stdin for it"));
  }

  @Test
  void refusesAConfigWhoseLoginsAreAllInACredsStore() {
    BootstrapException e =
        failure(
            """
        {"auths": {"https://index.docker.io/v1/": {}}, "credsStore": "desktop"}""");

    assertThat(e.problems())
        .singleElement()
        .satisfies(
            problem ->
                assertThat(problem.message()).contains("credential helper").contains("--username"));
    assertThat(warnings)
        .containsExactly(
            FILE
                + ":1: warning: skipped registry #1: kept by the credential helper"
                + " named in \"credsStore\", which the ECS agent cannot use; use --username and"
                + " --password-stdin for it");
  }

  @Test
  void skipsHelperEntriesByDefaultWhenOthersAreUsable() {
    List<RegistryCredential> credentials =
        read(
            """
        {
          "auths": {"ghcr.io": {"auth": "%s"}, "quay.io": {}},
          "credHelpers": {"quay.io": "pass"}
        }"""
                .formatted(Canary.auth()));

    assertThat(credentials).extracting(RegistryCredential::registry).containsExactly("ghcr.io");
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains(
            "warning: skipped registry #2: kept by the credential helper named in \"credHelpers\"")
        .as("the helper's name is input too")
        .doesNotContain("'pass'");
  }

  @Test
  void namesRegistriesByTheirPositionNeverByTheirText() {
    String notAHost = "deploy:" + Canary.jsonEscaped() + "@ghcr.io";

    BootstrapException e =
        failure(
            """
        {"auths": {"ghcr.io": {"identitytoken": "t"}, "%s": {}}}"""
                .formatted(notAHost));

    assertThat(warnings)
        .containsExactly(
            FILE
                + ":1: warning: skipped registry #1: has only an identity token, which the ECS agent"
                + " cannot use; log in with a password",
            FILE + ":1: warning: skipped registry #2: has no inline \"auth\"");
    assertThat(e.problems())
        .extracting(Problem::message)
        .containsExactly("has no registry with an inline \"auth\"; run docker login first");
    assertThat(failure("{\"auths\": {}}", Canary.SECRET).problems())
        .extracting(Problem::message)
        .containsExactly("--registry #1: not in this file");
    for (String secret : Canary.forms()) {
      assertThat(String.join("\n", warnings)).doesNotContainIgnoringCase(secret);
    }
  }

  @Test
  void namesALegacyEntryThatIsNotAHostByItsPositionInTheFile() {
    // In the legacy layout the entries are the top-level fields, counted with any other field.
    String notAHost = "deploy:" + Canary.jsonEscaped() + "@ghcr.io";

    read(
        """
        {"ghcr.io": {"auth": "%s"}, "%s": {"email": "ops@example.com"}}"""
            .formatted(Canary.auth(), notAHost));

    assertThat(warnings)
        .containsExactly(FILE + ":1: warning: skipped registry #2: has no inline \"auth\"");
  }

  @Test
  void refusesIdentityTokenOnlyEntries() {
    BootstrapException e =
        failure(
            """
        {"auths": {"registry.example.com": {"identitytoken": "%s"}}}"""
                .formatted(Canary.jsonEscaped()),
            "registry.example.com");

    assertThat(e.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.line()).isEqualTo(1);
              assertThat(problem.message()).contains("identity token");
            });
  }

  @Test
  void namesTheLineOfAnAuthThatIsNotUserColonPassword() {
    BootstrapException e =
        failure(
            """
        {
          "auths": {
            "ghcr.io": {"auth": "%s"}
          }
        }"""
                .formatted(
                    Base64.getEncoder()
                        .encodeToString("nocolon".getBytes(StandardCharsets.UTF_8))));

    assertThat(e.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.line()).isEqualTo(3);
              assertThat(problem.message())
                  .isEqualTo("registry #1: \"auth\" is not base64 of user:password");
            });
  }

  @Test
  void refusesAnAuthWithAnEmptyUser() {
    String emptyUser = Base64.getEncoder().encodeToString(":pw".getBytes(StandardCharsets.UTF_8));

    assertThat(failure("{\"auths\": {\"ghcr.io\": {\"auth\": \"" + emptyUser + "\"}}}").problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.line()).isEqualTo(1);
              assertThat(problem.message())
                  .isEqualTo("registry #1: \"auth\" is not base64 of user:password");
            });
  }

  @Test
  void splitsAtTheFirstColonSoAPasswordMayHoldColons() {
    String auth = Base64.getEncoder().encodeToString("u:p:w".getBytes(StandardCharsets.UTF_8));

    assertThat(read("{\"auths\": {\"ghcr.io\": {\"auth\": \"" + auth + "\"}}}"))
        .singleElement()
        .satisfies(
            credential -> {
              assertThat(credential.username()).isEqualTo("u");
              assertThat(credential.password().reveal()).isEqualTo("p:w");
            });
  }

  @Test
  void refusesBytesThatAreNotUtf8AsContent() {
    // What the fuzzer found: four NULs, then {"auths": {}}; Jackson detects UTF-32.
    byte[] utf32Looking = Base64.getDecoder().decode("AAAAAHsiYXV0aHMiOiB7fX0K");

    assertThat(failure(utf32Looking).problems())
        .singleElement()
        .satisfies(
            problem ->
                assertThat(problem.message()).isEqualTo("is not valid JSON (not UTF-8 text)"));
  }

  @Test
  void refusesEmptyAndMalformedFiles() {
    assertThat(failure("{}").problems())
        .singleElement()
        .satisfies(problem -> assertThat(problem.message()).contains("run docker login first"));
    assertThat(
            failure("{\n  \"auths\": {\"ghcr.io\": {\"auth\": \"" + Canary.SECRET + "\"\n")
                .problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.message()).isEqualTo("is not valid JSON");
              assertThat(problem.line()).isPositive();
            });
    assertThat(failure("[]").problems())
        .singleElement()
        .satisfies(problem -> assertThat(problem.message()).contains("not a docker config.json"));
  }

  @Test
  void refusesARegistryThatIsNotThere() {
    assertThatThrownBy(() -> read("{\"auths\": {}}", "ghcr.io"))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        problem ->
                            assertThat(problem.message())
                                .isEqualTo("--registry #1: not in this file")));
  }

  @Test
  void refusesAnAuthWhosePasswordIsNotUtf8NamingTheRegistryByPosition() {
    // Latin-1 'é' (0xE9) is no UTF-8: decoding it leniently would publish U+FFFD as the password.
    byte[] pair = "canary-user:c4nary-Pa55\u00e9".getBytes(StandardCharsets.ISO_8859_1);
    String auth = Base64.getEncoder().encodeToString(pair);

    BootstrapException e =
        failure(
            """
        {"auths": {"ghcr.io": {"auth": "%s"}, "quay.io": {"auth": "%s"}}}"""
                .formatted(Canary.auth(), auth));

    assertThat(e.problems())
        .singleElement()
        .satisfies(
            problem ->
                assertThat(problem.message())
                    .isEqualTo(
                        "registry #2: \"auth\" holds a user or password that is not UTF-8 text,"
                            + " which publish cannot write unchanged"));
    assertThat(e.getMessage()).doesNotContain(auth);
  }

  @Test
  void takesTheEntryWhoseKeyIsExactlyTheRegistryAsDockerDoesAndWarnsOfTheOther() {
    String json =
        """
        {"auths": {"https://registry.example.com": {"auth": "%s"},
                   "registry.example.com": {"auth": "%s"}}}"""
            .formatted(Canary.auth("early", "pw1"), Canary.auth("exact", "pw2"));

    assertThat(read(json))
        .singleElement()
        .satisfies(
            credential -> {
              assertThat(credential.registry()).isEqualTo("registry.example.com");
              assertThat(credential.username()).isEqualTo("exact");
            });
    assertThat(read(json, "registry.example.com"))
        .singleElement()
        .satisfies(credential -> assertThat(credential.username()).isEqualTo("exact"));
    assertThat(warnings)
        .hasSize(2)
        .allSatisfy(
            warning ->
                assertThat(warning)
                    .isEqualTo(
                        FILE
                            + ":1: warning: skipped registry #1: the same registry as registry #2,"
                            + " whose login is used (docker looks up the exact key first)"))
        .noneMatch(warning -> warning.contains("pw1") || warning.contains("early"));
  }

  @Test
  void withoutAnExactKeyTakesTheFirstOfTheSameRegistryAndWarnsOfTheOthers() {
    String json =
        """
        {"auths": {"https://registry.example.com/v1/": {"auth": "%s"},
                   "http://registry.example.com": {"auth": "%s"}}}"""
            .formatted(Canary.auth("first", "pw1"), Canary.auth("second", "pw2"));

    assertThat(read(json))
        .singleElement()
        .satisfies(credential -> assertThat(credential.username()).isEqualTo("first"));
    assertThat(warnings)
        .containsExactly(
            FILE
                + ":2: warning: skipped registry #2: the same registry as registry #1, whose"
                + " login is used (docker looks up the exact key first)");
  }

  @Test
  void skipsDockersOwnSettingsInTheLegacyLayout() {
    // Top-level objects of config.json that are settings, not registries (ConfigFile in
    // cli/config/configfile/file.go, docker/cli v29.7.2).
    String json =
        """
        {"registry.example.com": {"auth": "%s"},
         "HttpHeaders": {"User-Agent": "ops"}, "proxies": {"default": {}},
         "plugins": {}, "aliases": {}, "features": {}, "credHelpers": {}}"""
            .formatted(Canary.auth());

    assertThat(read(json))
        .extracting(RegistryCredential::registry)
        .containsExactly("registry.example.com");
    assertThat(warnings).isEmpty();
  }

  @Test
  void refusesARegistryKeyWithASpaceWhichDockerNeverLooksUp() {
    for (String key : new String[] {"registry .example.com", " registry.example.com"}) {
      BootstrapException e =
          failure(
              """
          {"auths": {"%s": {"auth": "%s"}}}"""
                  .formatted(key, Canary.auth()));

      assertThat(e.problems())
          .extracting(Problem::message)
          .singleElement()
          .asString()
          .startsWith("registry #1: ");
    }
  }
}
