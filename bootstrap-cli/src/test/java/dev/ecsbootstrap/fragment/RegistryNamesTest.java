package dev.ecsbootstrap.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryNamesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://index.docker.io/v1/, https://index.docker.io/v1/",
    "docker.io, https://index.docker.io/v1/",
    "index.docker.io, https://index.docker.io/v1/",
    "https://index.docker.io/v1, https://index.docker.io/v1/",
    "registry-1.docker.io, https://index.docker.io/v1/",
    "HTTPS://Registry.Example.com, registry.example.com",
    "https://ghcr.io, ghcr.io",
    "ghcr.io/, ghcr.io",
    "registry.example.com:5000/v2/, registry.example.com:5000",
    "http://localhost:5000, localhost:5000",
    "registry.example.com/Team/app, registry.example.com/Team/app",
    // Only the host is lower-cased; a key without one keeps its path as written.
    "/Team/app, /Team/app"
  })
  void normalizesTheWayTheAgentMatches(String key, String expected) {
    assertThat(RegistryNames.normalize(key)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://r.example.com/v1/, r.example.com/v1/",
    "http://r.example.com, r.example.com",
    "HTTPS://r.example.com, HTTPS://r.example.com",
    "r.example.com, r.example.com"
  })
  void stripsOnlyTheLowerCaseSchemeLikeTheAgent(String key, String expected) {
    assertThat(RegistryNames.stripScheme(key)).isEqualTo(expected);
  }
}
