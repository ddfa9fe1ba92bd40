package dev.ecsbootstrap.testing.cli;

import dev.ecsbootstrap.testing.Canary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the CLI in-process through its entry point, or as a {@code java -jar} process. */
public final class CliRunner {

  /** The CLI's testable entry point: {@code Main.run(stdin, out, err, environment, args)}. */
  @FunctionalInterface
  public interface EntryPoint {
    int run(
        InputStream stdin,
        PrintWriter out,
        PrintWriter err,
        Map<String, String> environment,
        String... args);
  }

  private CliRunner() {}

  public static CliResult run(
      EntryPoint entryPoint, Map<String, String> environment, String... args) {
    return run(entryPoint, new byte[0], environment, args);
  }

  /**
   * Runs in-process with {@code stdin} as standard input and the same isolated environment a
   * process gets (see {@link #runProcess}).
   */
  public static CliResult run(
      EntryPoint entryPoint, byte[] stdin, Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        entryPoint.run(
            new ByteArrayInputStream(stdin),
            new PrintWriter(out),
            new PrintWriter(err),
            isolated(environment),
            args);
    return new CliResult(List.of(args), exitCode, out.toString(), err.toString());
  }

  /**
   * Runs {@code java -jar jar args} with only {@code environment} plus PATH: no AWS keys or
   * profiles leak in from the machine running the tests, so credentials can only come from what the
   * test provides.
   */
  public static CliResult runJar(
      Path jar, Map<String, String> environment, Duration timeout, String... args) {
    return runJar(jar, new byte[0], environment, timeout, args);
  }

  /**
   * As {@link #runJar(Path, Map, Duration, String...)}, writing {@code stdin} to the process. Fails
   * if a given secret shows up in the process's command line while it runs (what {@code ps} shows).
   */
  public static CliResult runJar(
      Path jar, byte[] stdin, Map<String, String> environment, Duration timeout, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                javaExecutable(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    return runProcess(command, stdin, environment, timeout);
  }

  /**
   * Runs any command with only the {@link #isolated} {@code environment}, feeding it {@code stdin}.
   * Fails if a {@link Canary} secret is in its command line.
   */
  public static CliResult runProcess(
      List<String> command, byte[] stdin, Map<String, String> environment, Duration timeout) {
    return runProcess(command, null, stdin, environment, timeout);
  }

  /**
   * As {@link #runProcess(List, byte[], Map, Duration)}, in {@code directory} (a systemd unit's
   * WorkingDirectory=); null keeps the test's own.
   */
  public static CliResult runProcess(
      List<String> command,
      Path directory,
      byte[] stdin,
      Map<String, String> environment,
      Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(isolated(environment));
    try {
      Process process = builder.start();
      String commandLine = process.info().commandLine().orElse(String.join(" ", command));
      for (String secret : Canary.forms()) {
        if (commandLine.contains(secret)) {
          process.destroyForcibly();
          throw new AssertionError("a secret is visible in the process arguments");
        }
      }
      try (var in = process.getOutputStream()) {
        in.write(stdin);
      }
      CompletableFuture<String> out = readAll(process.getInputStream());
      CompletableFuture<String> err = readAll(process.getErrorStream());
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "timed out after "
                + timeout
                + ": "
                + String.join(" ", command)
                + "\n--- stderr so far\n"
                + err.getNow(""));
      }
      return new CliResult(command, process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code environment} plus PATH, and HOME and AWS config files that do not exist: no developer's
   * ~/.aws or AWS keys reach the credential chain, so credentials come only from what the test
   * sets.
   */
  private static Map<String, String> isolated(Map<String, String> environment) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", System.getProperty("java.io.tmpdir"));
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
    env.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
    env.putAll(environment);
    return env;
  }

  /** An environment map that tolerates nothing but what a test sets. */
  public static Map<String, String> environment(String... keysAndValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      env.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return env;
  }

  /**
   * A child process's output, read on its own thread so a full pipe never stalls the process; an
   * unreadable stream reads as a note saying so.
   */
  public static CompletableFuture<String> readAll(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
          }
        });
  }

  /** The JVM the jar runs on: the tests' own, or the one {@code ecs-bootstrap.java} names. */
  private static String javaExecutable() {
    String java = System.getProperty("ecs-bootstrap.java", "");
    return java.isEmpty()
        ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
        : java;
  }
}
