package dev.ecsbootstrap.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fragments for every rule of the validator (docs/validation.md): {@code bad/*.env} must fail,
 * {@code good/*.env} must pass, each with a {@code .expected} file listing the exact problems as
 * {@code LINE:SEVERITY:message part}. Every credential in it uses {@link #PASSWORD}, so a test can
 * check that none is echoed.
 */
public final class ValidationCorpus {
  public static final String PASSWORD = "corpus-S3cret";
  private static final String ROOT = "/dev/ecsbootstrap/testing/corpus/";

  private ValidationCorpus() {}

  /** One expected problem. */
  public record Expected(int line, String severity, String messagePart) {
    static Expected parse(String text) {
      String[] parts = text.split(":", 3);
      return new Expected(Integer.parseInt(parts[0]), parts[1], parts[2]);
    }
  }

  /**
   * One case: its name ({@code bad/auths-wrapper}), its expected problems, and its bytes on demand.
   */
  public record Case(String name, List<Expected> expected) {
    public boolean shouldPass() {
      return name.startsWith("good/");
    }

    public byte[] content() {
      return read(name + ".env");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public static List<Case> cases() {
    return lines("index.txt").stream()
        .map(
            name ->
                new Case(name, lines(name + ".expected").stream().map(Expected::parse).toList()))
        .toList();
  }

  private static List<String> lines(String resource) {
    return new String(read(resource), StandardCharsets.UTF_8)
        .lines()
        .filter(line -> !line.isBlank())
        .toList();
  }

  private static byte[] read(String resource) {
    try (InputStream in = ValidationCorpus.class.getResourceAsStream(ROOT + resource)) {
      if (in == null) {
        throw new IllegalStateException("corpus resource missing: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
