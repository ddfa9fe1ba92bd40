package dev.ecsbootstrap;

import com.google.errorprone.annotations.CompileTimeConstant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Something a {@link Problem} message names: a key, a registry, a JSON field or a number. The
 * factories below are the only way to make one (the class is final, its constructor private), and
 * each decides what may be shown: text from the input appears only when it is a name we know (it
 * equals an entry of a {@link Vocabulary}, which holds only compile-time constants); anything else,
 * registry keys included, is described by its shape or position. So no message can carry a value,
 * or a secret written where a name was expected.
 *
 * <p>The vocabularies are passed in, not looked up, so that this root type imports no capability
 * package: {@code fragment.EcsKeys} holds the agent's keys.
 */
public final class Name {
  private final String text;

  private Name(String text) {
    this.text = text;
  }

  /** A line, column, byte count or position. */
  public static Name number(long value) {
    return new Name(Long.toString(value));
  }

  /**
   * A configuration key: as written when {@code known} has it; a known key in another case as the
   * known spelling, marked so; otherwise "an unknown ECS_ key of N characters", or by place and
   * shape alone: "a N-character key at line L, column C" ({@code column} 0 when not known). Such a
   * key may be a secret written where a key was expected (a wrapped base64 line, {@code
   * hunter2=x}), so only its length and place leave this method.
   */
  public static Name key(String key, Vocabulary known, int line, int column) {
    if (known.contains(key)) {
      return new Name(key);
    }
    Optional<String> spelling = known.inAnotherCase(key);
    if (spelling.isPresent()) {
      return new Name(spelling.get() + " (spelled in another case)");
    }
    if (key.startsWith("ECS_")) {
      return new Name("an unknown ECS_ key of " + key.length() + " characters");
    }
    return new Name(
        "a "
            + key.codePointCount(0, key.length())
            + "-character key at line "
            + line
            + (column > 0 ? ", column " + column : ""));
  }

  /**
   * A JSON field name: as written when {@code known} has it; a known name in another case as the
   * known spelling, marked so; otherwise "an unknown field".
   */
  public static Name field(String field, Vocabulary known) {
    if (known.contains(field)) {
      return new Name(field);
    }
    return known
        .inAnotherCase(field)
        .map(spelling -> new Name(spelling + " (spelled in another case)"))
        .orElseGet(() -> new Name("an unknown field"));
  }

  /** A registry key: "registry #N" by its 1-based {@code position} in its JSON object. */
  public static Name registry(int position) {
    return new Name("registry #" + position);
  }

  /** A registry named on the command line: "--registry #N" among the {@code --registry} options. */
  public static Name registryOption(int position) {
    return new Name("--registry #" + position);
  }

  /** What a message shows for this name. */
  @Override
  public String toString() {
    return text;
  }

  /**
   * Names that may be shown as they are, because every one of them is program text: the factory
   * takes compile-time constants only (Error Prone's CompileTimeConstant check).
   */
  public static final class Vocabulary {
    private final Set<String> names;

    private Vocabulary(Set<String> names) {
      this.names = names;
    }

    public static Vocabulary of(@CompileTimeConstant String... names) {
      Set<String> folded = new HashSet<>();
      for (String name : names) {
        if (!folded.add(name.toUpperCase(Locale.ROOT))) {
          throw new IllegalArgumentException("names differ only in case: " + name);
        }
      }
      return new Vocabulary(Set.of(names));
    }

    public boolean contains(String name) {
      return names.contains(name);
    }

    public Set<String> names() {
      return names;
    }

    /** The known spelling of {@code name} when it differs only in case. */
    Optional<String> inAnotherCase(String name) {
      String upper = name.toUpperCase(Locale.ROOT);
      return names.stream()
          .filter(known -> known.toUpperCase(Locale.ROOT).equals(upper))
          .findFirst();
    }
  }
}
