package dev.ecsbootstrap.fragment;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

/**
 * Docker's image reference grammar after the registry host, as an automaton, to answer the one
 * question the agent's key matching raises: does some valid image reference start with this text
 * and with none of those? The grammar is {@code ReferenceRegexp} of
 * github.com/distribution/reference ({@code regexp.go}, vendored by amazon-ecs-agent at HEAD
 * 8dfceca6c): {@code /} then path components of lower-case letters and digits joined by {@code .},
 * {@code _}, {@code __} or runs of {@code -}, separated by {@code /}, at most 255 characters in all
 * ({@code reference.go} {@code RepositoryNameTotalLengthMax}); then an optional {@code :tag}
 * ({@code [\w][\w.-]{0,127}}) and an optional {@code @digest}, which {@code digest.Parse}
 * (github.com/opencontainers/go-digest) accepts only as sha256, sha384 or sha512 with lower-case
 * hex of the algorithm's length.
 *
 * <p>The search walks the automaton breadth first, alongside the text of the blocking prefixes, so
 * it is exact: it finds a completion whenever one exists, however the blockers are arranged.
 */
final class ImageReferences {
  static final int MAX_PATH = 255;
  static final int MAX_TAG = 128;
  private static final List<String> DIGEST_ALGORITHMS = List.of("sha256:", "sha384:", "sha512:");
  private static final List<Integer> DIGEST_HEX_LENGTHS = List.of(64, 96, 128);
  private static final int ALL_ALGORITHMS = 0b111;

  /** Every character the grammar can use; anything else ends a reference. */
  private static final char FIRST_PRINTABLE = '!';

  private static final char LAST_PRINTABLE = '~';

  private ImageReferences() {}

  private enum Phase {
    AFTER_HOST,
    PATH_COMPONENT_START,
    IN_PATH_COMPONENT,
    AFTER_DOT,
    AFTER_UNDERSCORE,
    AFTER_TWO_UNDERSCORES,
    AFTER_DASH,
    TAG_START,
    IN_TAG,
    DIGEST_ALGORITHM,
    DIGEST_HEX
  }

  /**
   * Where the automaton is. {@code count} is the path length so far in path phases, the tag length
   * in tag phases, the characters of the algorithm read, or the hex digits read; {@code algorithms}
   * is the bit set of digest algorithms still possible.
   */
  private record State(Phase phase, int count, int algorithms) {
    static final State START = new State(Phase.AFTER_HOST, 0, 0);

    boolean accepting() {
      return switch (phase) {
        case IN_PATH_COMPONENT, IN_TAG -> true;
        case DIGEST_HEX ->
            count == DIGEST_HEX_LENGTHS.get(Integer.numberOfTrailingZeros(algorithms));
        default -> false;
      };
    }

    /** The next state, or null when {@code c} cannot follow. */
    State next(char c) {
      return switch (phase) {
        case AFTER_HOST -> c == '/' ? new State(Phase.PATH_COMPONENT_START, 0, 0) : null;
        case PATH_COMPONENT_START, AFTER_DOT, AFTER_TWO_UNDERSCORES -> pathCharacter(c);
        case AFTER_UNDERSCORE -> c == '_' ? path(Phase.AFTER_TWO_UNDERSCORES) : pathCharacter(c);
        case AFTER_DASH -> c == '-' ? path(Phase.AFTER_DASH) : pathCharacter(c);
        case IN_PATH_COMPONENT -> afterPathCharacter(c);
        case TAG_START -> isWordCharacter(c) ? new State(Phase.IN_TAG, 1, 0) : null;
        case IN_TAG -> {
          if (c == '@') {
            yield new State(Phase.DIGEST_ALGORITHM, 0, ALL_ALGORITHMS);
          }
          yield (isWordCharacter(c) || c == '.' || c == '-') && count < MAX_TAG
              ? new State(Phase.IN_TAG, count + 1, 0)
              : null;
        }
        case DIGEST_ALGORITHM -> algorithmCharacter(c);
        case DIGEST_HEX ->
            isLowerHex(c) && !accepting() ? new State(phase, count + 1, algorithms) : null;
      };
    }

    private State afterPathCharacter(char c) {
      return switch (c) {
        case '.' -> path(Phase.AFTER_DOT);
        case '_' -> path(Phase.AFTER_UNDERSCORE);
        case '-' -> path(Phase.AFTER_DASH);
        case '/' -> path(Phase.PATH_COMPONENT_START);
        case ':' -> new State(Phase.TAG_START, 0, 0);
        case '@' -> new State(Phase.DIGEST_ALGORITHM, 0, ALL_ALGORITHMS);
        default -> pathCharacter(c);
      };
    }

    private State pathCharacter(char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          ? path(Phase.IN_PATH_COMPONENT)
          : null;
    }

    /** One more character of the path, which may not pass the length limit. */
    private State path(Phase to) {
      return count < MAX_PATH ? new State(to, count + 1, 0) : null;
    }

    private State algorithmCharacter(char c) {
      int still = 0;
      for (int i = 0; i < DIGEST_ALGORITHMS.size(); i++) {
        if ((algorithms & (1 << i)) != 0 && DIGEST_ALGORITHMS.get(i).charAt(count) == c) {
          still |= 1 << i;
        }
      }
      if (still == 0) {
        return null;
      }
      // All algorithm prefixes ("sha256:") have the same length, and differ before their end.
      return count + 1 == DIGEST_ALGORITHMS.get(0).length()
          ? new State(Phase.DIGEST_HEX, 0, still)
          : new State(Phase.DIGEST_ALGORITHM, count + 1, still);
    }
  }

  /**
   * The longest text a reference can have after its host: '/', the path, ":tag", "@sha512:" and its
   * hex. A blocker longer than this is the start of no reference.
   */
  private static final int MAX_AFTER_HOST = 1 + MAX_PATH + 1 + MAX_TAG + 1 + 7 + 128;

  /**
   * Whether some image reference on a registry host starts with {@code host + afterHost} and with
   * none of {@code blockers}; each blocker is text after the same host.
   */
  static boolean existsStartingWith(String afterHost, Collection<String> blockers) {
    State state = State.START;
    for (int i = 0; i < afterHost.length() && state != null; i++) {
      state = state.next(afterHost.charAt(i));
    }
    if (state == null) {
      return false;
    }
    // The blockers that can still apply, as a trie of the text each needs after afterHost.
    BlockerTrie remainders = new BlockerTrie();
    for (String blocker : blockers) {
      if (blocker.startsWith(afterHost) && blocker.length() <= MAX_AFTER_HOST) {
        if (blocker.length() == afterHost.length()) {
          return false;
        }
        remainders.add(blocker.substring(afterHost.length()));
      }
    }
    return search(state, remainders);
  }

  /** The texts that must not be read whole; a node is the text read so far along some of them. */
  private static final class BlockerTrie {
    private final Map<Character, BlockerTrie> children = new HashMap<>();
    private boolean blocks;

    void add(String text) {
      BlockerTrie node = this;
      for (int i = 0; i < text.length(); i++) {
        node = node.children.computeIfAbsent(text.charAt(i), c -> new BlockerTrie());
      }
      node.blocks = true;
    }
  }

  /**
   * Breadth first over (automaton state, trie node of the text read so far while it still follows
   * some blocker); once the text leaves every blocker (node null), only the automaton matters.
   */
  private static boolean search(State start, BlockerTrie blockers) {
    record Node(State state, BlockerTrie read) {}
    Queue<Node> queue = new ArrayDeque<>();
    Set<Node> seen = new HashSet<>();
    Node first = new Node(start, blockers.children.isEmpty() ? null : blockers);
    queue.add(first);
    seen.add(first);
    while (!queue.isEmpty()) {
      Node node = queue.remove();
      if (node.state().accepting()) {
        return true;
      }
      for (char c = FIRST_PRINTABLE; c <= LAST_PRINTABLE; c++) {
        State next = node.state().next(c);
        if (next == null) {
          continue;
        }
        BlockerTrie read = node.read() == null ? null : node.read().children.get(c);
        if (read != null && read.blocks) {
          continue;
        }
        Node child = new Node(next, read);
        if (seen.add(child)) {
          queue.add(child);
        }
      }
    }
    return false;
  }

  private static boolean isWordCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static boolean isLowerHex(char c) {
    return (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9');
  }
}
