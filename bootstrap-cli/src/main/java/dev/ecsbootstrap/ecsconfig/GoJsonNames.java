package dev.ecsbootstrap.ecsconfig;

/**
 * Which JSON object keys Go's encoding/json decodes into a struct field: the field's name, or any
 * key equal to it under Go's case folding (foldName in src/encoding/json/fold.go, Go 1.21 and
 * later; the agent is built with Go 1.25, GO_VERSION at amazon-ecs-agent HEAD 8dfceca6c).
 */
final class GoJsonNames {
  private static final int KELVIN = 0x212A;
  private static final int LONG_S = 0x017F;

  private GoJsonNames() {}

  /**
   * Whether encoding/json decodes {@code key} into a field named {@code asciiField} (an exported Go
   * identifier in ASCII, as all of the agent's Config fields are). foldName maps an ASCII letter to
   * upper case and any other rune to the smallest of its unicode.SimpleFold orbit; the only orbits
   * that reach an ASCII letter are K's (with the Kelvin sign U+212A) and S's (with the long s
   * U+017F). Dotless i (U+0131) and dotted I (U+0130) fold to themselves (caseOrbit in
   * src/unicode/tables.go), so they never match an ASCII i.
   */
  static boolean decodesInto(String key, String asciiField) {
    int length = asciiField.length();
    int at = 0;
    for (int i = 0; i < length; i++) {
      if (at >= key.length()) {
        return false;
      }
      int c = key.codePointAt(at);
      at += Character.charCount(c);
      if (fold(c) != fold(asciiField.charAt(i))) {
        return false;
      }
    }
    return at == key.length();
  }

  private static int fold(int c) {
    if (c == KELVIN) {
      return 'K';
    }
    if (c == LONG_S) {
      return 'S';
    }
    return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
  }
}
