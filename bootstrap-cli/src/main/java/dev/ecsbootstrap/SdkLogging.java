package dev.ecsbootstrap;

/**
 * Chooses, before the AWS SDK's first class loads, where its SLF4J logging goes: nowhere on a
 * normal run, slf4j-simple at WARN (simplelogger.properties) with {@code --verbose}. Naming the
 * provider also spares SLF4J its ServiceLoader scan of the whole fat jar, which with the provider's
 * own set-up was 33 to 40 ms of a cold {@code apply}; our own messages never go through SLF4J.
 */
final class SdkLogging {
  // slf4j-api 2.0.x, LoggerFactory.loadExplicitlySpecified and helpers.Reporter.
  private static final String PROVIDER = "slf4j.provider";
  private static final String REPORTER_VERBOSITY = "slf4j.internal.verbosity";
  private static final String QUIET = "org.slf4j.helpers.NOP_FallbackServiceProvider";
  private static final String WARNINGS = "org.slf4j.simple.SimpleServiceProvider";

  private SdkLogging() {}

  /**
   * Takes effect only before SLF4J's first use in this JVM, and never overrides a provider named on
   * the command line ({@code -Dslf4j.provider=...}).
   */
  static void route(boolean verbose) {
    if (System.getProperty(PROVIDER) == null) {
      System.setProperty(PROVIDER, verbose ? WARNINGS : QUIET);
    }
    if (System.getProperty(REPORTER_VERBOSITY) == null) {
      // Otherwise SLF4J announces the named provider on stderr at every start.
      System.setProperty(REPORTER_VERBOSITY, "WARN");
    }
  }
}
