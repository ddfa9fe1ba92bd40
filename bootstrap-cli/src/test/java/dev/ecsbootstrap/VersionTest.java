package dev.ecsbootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionTest {

  @Test
  void isTheProjectVersionMavenStampedIntoTheJar() {
    // Resource filtering replaced ${project.version}; "unknown" would mean the file was not read.
    assertThat(Version.current()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }
}
