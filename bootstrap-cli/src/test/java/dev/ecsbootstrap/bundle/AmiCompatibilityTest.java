package dev.ecsbootstrap.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The check the bundle's native files pass, on readelf output captured from two real JDKs. */
class AmiCompatibilityTest {
  private static String readelfOutput(String name) throws IOException {
    try (InputStream in = AmiCompatibilityTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void debiansJdk17NeedsANewerGlibcAndLibstdcxx() throws IOException {
    ElfRequirements libjvm =
        ElfRequirements.parse(readelfOutput("debian-openjdk-17-libjvm.readelf.txt"));

    assertThat(libjvm.glibcVersions()).contains("GLIBC_2.34", "GLIBC_2.2.5");
    assertThat(libjvm.glibcVersions())
        .as("libstdc++'s own versions are not glibc's")
        .noneMatch(v -> v.startsWith("GLIBCXX"));
    assertThat(AmiCompatibility.problems("libjvm.so", libjvm, Set.of()))
        .contains(
            "libjvm.so needs GLIBC_2.34 (Amazon Linux 2 has GLIBC_2.26)",
            "libjvm.so needs GLIBC_2.27 (Amazon Linux 2 has GLIBC_2.26)",
            "libjvm.so needs libstdc++.so.6, which the AMIs do not ship",
            "libjvm.so needs libgcc_s.so.1, which the AMIs do not ship")
        .noneMatch(problem -> problem.contains("GLIBC_2.17") || problem.contains("libc.so.6"));
  }

  @Test
  void temurinsLibrariesPassWhenTheirJdkLibrariesAreBundled() throws IOException {
    ElfRequirements libnio = ElfRequirements.parse(readelfOutput("temurin-25-libnio.readelf.txt"));

    assertThat(libnio.neededLibraries()).contains("libjava.so", "libnet.so", "libc.so.6");
    assertThat(AmiCompatibility.problems("libnio.so", libnio, Set.of("libjava.so", "libnet.so")))
        .isEmpty();
    assertThat(AmiCompatibility.problems("libnio.so", libnio, Set.of("libjava.so")))
        .containsExactly("libnio.so needs libnet.so, which the AMIs do not ship");
  }

  @ParameterizedTest
  @CsvSource({
    "GLIBC_2.2.5, false",
    "GLIBC_2.17, false",
    "GLIBC_2.26, false",
    "GLIBC_2.26.1, true",
    "GLIBC_2.27, true",
    "GLIBC_2.34, true",
    "GLIBC_3.0, true",
    "GLIBC_PRIVATE, true"
  })
  void comparesVersionsAsNumbersNotText(String version, boolean newer) {
    assertThat(AmiCompatibility.isNewerThanTheAmis(version)).isEqualTo(newer);
  }
}
