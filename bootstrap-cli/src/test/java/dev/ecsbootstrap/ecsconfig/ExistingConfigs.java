package dev.ecsbootstrap.ecsconfig;

import static dev.ecsbootstrap.ecsconfig.Draw.oneOf;
import static dev.ecsbootstrap.ecsconfig.Draw.percent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Generates the ecs.config a merge may find: lines assigning the keys fragments set (in every form
 * a reader takes for an assignment, duplicates included), other keys, comments, blank lines, junk,
 * stray CRs and random bytes (not UTF-8, or '\n' in odd places); or an empty file, or nothing but
 * random bytes. Half the assignments use the keys of the fragment about to be merged, some with its
 * very values (a file an earlier apply wrote), so that keeping, replacing in place and dropping
 * duplicates are exercised, not only appending.
 */
final class ExistingConfigs {
  private static final List<String> KEYS =
      Stream.concat(
              ValidFragments.KEYS.stream(), Stream.of("ECS_WARM_POOLS_CHECK", "SOMETHING_ELSE"))
          .toList();

  private ExistingConfigs() {}

  static byte[] generate(RandomGenerator random, Map<String, String> fragmentSettings) {
    int shape = random.nextInt(10);
    if (shape == 0) {
      return new byte[0];
    }
    if (shape == 1) {
      return Draw.bytes(random, 1, 64);
    }
    String separator = percent(random, 25) ? "\r\n" : "\n";
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    int lines = random.nextInt(1, 10);
    for (int i = 0; i < lines; i++) {
      file.writeBytes(line(random, fragmentSettings));
      if (i < lines - 1 || percent(random, 75)) {
        file.writeBytes(utf8(percent(random, 10) ? oneOf(random, "\n", "\r\n") : separator));
      }
    }
    return file.toByteArray();
  }

  private static byte[] line(RandomGenerator random, Map<String, String> fragmentSettings) {
    String key =
        percent(random, 50) && !fragmentSettings.isEmpty()
            ? oneOf(random, List.copyOf(fragmentSettings.keySet()))
            : oneOf(random, KEYS);
    return switch (random.nextInt(14)) {
      case 0 -> utf8(key + "=" + fragmentSettings.getOrDefault(key, "old-value"));
      case 1 -> utf8(key + "=");
      case 2 -> utf8(" " + key + " = spaced");
      case 3 -> utf8("export " + key + "=exported");
      case 4 -> utf8(key + "=ends-in-cr\r");
      case 5 -> utf8(oneOf(random, "# a comment", "; a semicolon comment", "#"));
      case 6 -> utf8("#" + key + "=commented-out");
      case 7 -> utf8(oneOf(random, "", "   ", "\t", "\r"));
      case 8 -> utf8(oneOf(random, "junk without equals", "=no key", key, key + "==x"));
      case 9 ->
          utf8(
              "ECS_ENGINE_AUTH_DATA={\"old.example.com\":{\"username\":\"old\",\"password\":\""
                  + ValidFragments.FAKE_PASSWORD_PREFIX
                  + "old\"}}");
      case 10 -> utf8(key + "=\"quoted value\"");
      case 11 -> utf8("ünïcödé=✓ " + key + "=x");
      default -> Draw.bytes(random, 0, 24);
    };
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
