package dev.ecsbootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

@ResourceLock(Resources.SYSTEM_PROPERTIES)
class SdkLoggingTest {
  private String provider;
  private String verbosity;

  @BeforeEach
  void clearTheProperties() {
    provider = System.clearProperty("slf4j.provider");
    verbosity = System.clearProperty("slf4j.internal.verbosity");
  }

  @AfterEach
  void restoreTheProperties() {
    restore("slf4j.provider", provider);
    restore("slf4j.internal.verbosity", verbosity);
  }

  @Test
  void aNormalRunNamesTheSilentProviderAndSilencesSlf4jsOwnNotice() throws Exception {
    SdkLogging.route(false);

    assertThat(System.getProperty("slf4j.provider"))
        .isEqualTo("org.slf4j.helpers.NOP_FallbackServiceProvider");
    assertThat(System.getProperty("slf4j.internal.verbosity")).isEqualTo("WARN");
    assertThat(Class.forName(System.getProperty("slf4j.provider"))).isNotNull();
  }

  @Test
  void verboseRunsNameTheBundledSimpleProvider() throws Exception {
    SdkLogging.route(true);

    assertThat(System.getProperty("slf4j.provider"))
        .isEqualTo("org.slf4j.simple.SimpleServiceProvider");
    assertThat(Class.forName(System.getProperty("slf4j.provider"))).isNotNull();
  }

  @Test
  void neverOverridesAProviderGivenOnTheCommandLine() {
    System.setProperty("slf4j.provider", "com.example.Mine");
    System.setProperty("slf4j.internal.verbosity", "DEBUG");

    SdkLogging.route(true);

    assertThat(System.getProperty("slf4j.provider")).isEqualTo("com.example.Mine");
    assertThat(System.getProperty("slf4j.internal.verbosity")).isEqualTo("DEBUG");
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
