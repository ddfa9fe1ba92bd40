package dev.ecsbootstrap.ecsconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** The random choices the generators make, each from the case's own seeded generator. */
final class Draw {
  private Draw() {}

  static <T> T oneOf(RandomGenerator random, List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  @SafeVarargs
  static <T> T oneOf(RandomGenerator random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** True in about {@code percent} of draws. */
  static boolean percent(RandomGenerator random, int percent) {
    return random.nextInt(100) < percent;
  }

  /** {@code count} distinct elements of {@code choices}, in random order. */
  static <T> List<T> distinct(RandomGenerator random, List<T> choices, int count) {
    List<T> pool = new ArrayList<>(choices);
    List<T> drawn = new ArrayList<>();
    for (int i = 0; i < count && !pool.isEmpty(); i++) {
      drawn.add(pool.remove(random.nextInt(pool.size())));
    }
    return drawn;
  }

  static String string(RandomGenerator random, String alphabet, int minLength, int maxLength) {
    int length = random.nextInt(minLength, maxLength + 1);
    StringBuilder text = new StringBuilder(length);
    int[] codePoints = alphabet.codePoints().toArray();
    for (int i = 0; i < length; i++) {
      text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
    }
    return text.toString();
  }

  static byte[] bytes(RandomGenerator random, int minLength, int maxLength) {
    byte[] bytes = new byte[random.nextInt(minLength, maxLength + 1)];
    random.nextBytes(bytes);
    return bytes;
  }
}
