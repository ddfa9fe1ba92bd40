package dev.ecsbootstrap;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strict UTF-8 decoding: bytes that are not UTF-8 are refused, never replaced with U+FFFD, which
 * would silently turn a password or a file into other text.
 */
public final class Utf8 {
  private Utf8() {}

  /** {@code bytes} as text, or empty when they are not UTF-8. */
  public static Optional<String> decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /** {@code length} bytes of {@code bytes} from {@code offset} as text, or empty. */
  public static Optional<String> decode(byte[] bytes, int offset, int length) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, offset, length))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
