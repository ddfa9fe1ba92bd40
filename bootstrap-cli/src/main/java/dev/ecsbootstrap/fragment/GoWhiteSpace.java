package dev.ecsbootstrap.fragment;

/**
 * Go's white space: {@code unicode.IsSpace}, the set {@code strings.TrimSpace} trims. ecs-init
 * trims each line of ecs.config with it (getEnvVars in ecs-init/docker/docker.go, amazon-ecs-agent
 * v1.74.1), and the agent trims some values with it (agent/config/types.go, {@code trim:"true"}).
 *
 * <p>Java's {@link String#strip()} is a different set: it also strips U+001C..U+001F, which Go
 * keeps (so {@code \x1fKEY} is another key to ecs-init), and keeps U+0085, U+00A0, U+2007 and
 * U+202F, which Go trims. Model what the agent sees with this class, never with {@code strip()}.
 */
public final class GoWhiteSpace {

  private GoWhiteSpace() {}

  /**
   * Go's {@code unicode.IsSpace}: in Latin-1 {@code \t \n \v \f \r}, space, U+0085 and U+00A0;
   * above it Unicode's White_Space property.
   */
  public static boolean isSpace(int codePoint) {
    switch (codePoint) {
      case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0:
      case 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
        return true;
      default:
        return codePoint >= 0x2000 && codePoint <= 0x200A;
    }
  }

  /** Go's {@code strings.TrimLeftFunc(text, unicode.IsSpace)}. */
  public static String trimLeading(String text) {
    return CodePoints.stripLeading(text, GoWhiteSpace::isSpace);
  }

  /** Go's {@code strings.TrimRightFunc(text, unicode.IsSpace)}. */
  public static String trimTrailing(String text) {
    return CodePoints.stripTrailing(text, GoWhiteSpace::isSpace);
  }
}
