package dev.ecsbootstrap.testing;

/** Every pinned image and server version the tests use, in one place. */
public final class TestImages {
  /**
   * A community LocalStack tag that starts without LOCALSTACK_AUTH_TOKEN (newer images require
   * one); the same pin testcontainers-java's own LocalStack tests use. Never "latest".
   */
  public static final String LOCALSTACK = "localstack/localstack:4.9.2";

  private TestImages() {}
}
