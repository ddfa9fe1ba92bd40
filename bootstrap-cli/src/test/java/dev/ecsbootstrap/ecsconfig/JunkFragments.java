package dev.ecsbootstrap.ecsconfig;

import static dev.ecsbootstrap.ecsconfig.Draw.oneOf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Generates anything a fragment's bytes could be: valid and invalid fragments, fragments with a
 * password where a key or a registry belongs (the names a message may show), valid ones with random
 * bytes flipped, inserted or deleted, lines glued from the pieces the parsers care about (keys,
 * '=', quotes, spaces, CR, JSON), and plain random bytes.
 */
final class JunkFragments {
  private static final List<String> KEYS =
      List.of(
          "ECS_CLUSTER",
          "ECS_ENGINE_AUTH_TYPE",
          "ECS_ENGINE_AUTH_DATA",
          "ecs_cluster",
          "export ECS_CLUSTER",
          "ECS_CLUSTR",
          "",
          " ECS_LOGLEVEL",
          "#ECS_CLUSTER",
          "ECS_RESERVED_PORTS");
  private static final List<String> SEPARATORS = List.of("=", " =", "= ", "", "==");
  private static final List<String> VALUES =
      List.of(
          "docker",
          "dockercfg",
          "prod",
          "\"prod\"",
          "a\\b",
          "x # y",
          "",
          "{\"r.io\":{\"auth\":\"dTpw\"}}",
          "{\"auths\":{}}",
          "{\"r.io\":{\"username\":\"u\",\"password\":\""
              + ValidFragments.FAKE_PASSWORD_PREFIX
              + "1\"}}",
          "{\"r.io\":",
          "[]",
          "{\"R.io\":{\"auth\":\"=\"}}",
          "{\"" + ValidFragments.FAKE_PASSWORD_PREFIX + "2:1\":{\"auth\":\"dTpw\"}}");
  private static final List<String> ENDINGS = List.of("\n", "\r\n", "", "\r");
  private static final byte[] INTERESTING_BYTES =
      "\r\n=\"'\\# {}:,".getBytes(StandardCharsets.UTF_8);

  private JunkFragments() {}

  static byte[] generate(RandomGenerator random) {
    return switch (random.nextInt(6)) {
      case 0 -> ValidFragments.generate(random).bytes();
      case 1 -> InvalidFragment.generate(random).bytes();
      case 2 ->
          oneOf(random, FragmentDefect.PASSWORD_AS_KEY, FragmentDefect.PASSWORD_AS_REGISTRY_KEY)
              .inject(ValidFragments.generate(random, ValidFragments.Needs.AUTH), random);
      case 3 -> mutated(ValidFragments.generate(random).bytes(), random);
      case 4 -> gluedLines(random);
      default -> Draw.bytes(random, 0, 80);
    };
  }

  /** {@code bytes} with one to four bytes inserted, replaced or deleted. */
  private static byte[] mutated(byte[] bytes, RandomGenerator random) {
    byte[] current = bytes;
    for (int mutations = random.nextInt(1, 5); mutations > 0; mutations--) {
      int at = random.nextInt(current.length + 1);
      byte other =
          Draw.percent(random, 50)
              ? INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]
              : (byte) random.nextInt(256);
      boolean insert = at == current.length || random.nextBoolean();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(current, 0, at);
      if (insert || random.nextBoolean()) {
        out.write(other);
      }
      int rest = insert ? at : at + 1;
      out.write(current, rest, current.length - rest);
      current = out.toByteArray();
    }
    return current;
  }

  private static byte[] gluedLines(RandomGenerator random) {
    StringBuilder text = new StringBuilder();
    for (int lines = random.nextInt(0, 7); lines > 0; lines--) {
      String value =
          Draw.percent(random, 80)
              ? oneOf(random, VALUES)
              : Draw.string(random, "aZ09 =#\"'\\{}[]:,\r\t\u00e9", 0, 20);
      text.append(oneOf(random, KEYS))
          .append(oneOf(random, SEPARATORS))
          .append(value)
          .append(oneOf(random, ENDINGS));
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
