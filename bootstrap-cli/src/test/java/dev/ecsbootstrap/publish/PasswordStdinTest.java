package dev.ecsbootstrap.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.ExitCode;
import dev.ecsbootstrap.InputFiles;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.testing.Canary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Like docker login --password-stdin: all of standard input, less one trailing newline. */
class PasswordStdinTest {

  private static String read(String stdin) {
    return PasswordStdin.read(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)))
        .reveal();
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertUsageError(
      InputStream stdin) {
    return assertThatThrownBy(() -> PasswordStdin.read(stdin))
        .isInstanceOfSatisfying(
            BootstrapException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
  }

  @Test
  void takesAllOfStandardInputAsIs() {
    // printf '%s' "$PASSWORD" | ...: no newline to drop, and inner white space is kept.
    assertThat(read(Canary.SECRET)).isEqualTo(Canary.SECRET);
    assertThat(read(" pass word ")).isEqualTo(" pass word ");
  }

  @Test
  void dropsOneTrailingNewline() {
    // echo "$PASSWORD" | ...
    assertThat(read(Canary.SECRET + "\n")).isEqualTo(Canary.SECRET);
  }

  @Test
  void dropsOneTrailingWindowsLineEnding() {
    assertThat(read(Canary.SECRET + "\r\n")).isEqualTo(Canary.SECRET);
  }

  @Test
  void keepsEveryNewlineButTheLast() {
    assertThat(read("pw\n\n")).isEqualTo("pw\n");
    assertThat(read("line1\nline2\n")).isEqualTo("line1\nline2");
  }

  @Test
  void refusesAnEmptyPassword() {
    for (String empty : new String[] {"", "\n", "\r\n"}) {
      assertUsageError(new ByteArrayInputStream(empty.getBytes(StandardCharsets.UTF_8)))
          .hasMessage("no password on standard input");
    }
  }

  @Test
  void refusesBytesThatAreNotUtf8WithoutShowingThem() {
    byte[] latin1 = ("c4nary-Pa55\u00e9").getBytes(StandardCharsets.ISO_8859_1);

    assertUsageError(new ByteArrayInputStream(latin1))
        .hasMessage("the password on standard input is not UTF-8");
  }

  @Test
  void aReadFailureIsAUsageErrorThatShowsNoInput() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("stdin closed after " + Canary.SECRET);
          }
        };

    assertUsageError(broken)
        .hasMessage("cannot read the password from standard input")
        .hasNoCause();
  }

  @Test
  void refusesInputOverTheLimitAsEveryCommandRefusesTooLargeInput() {
    // Not a prefix of it: a password cut at 1 MiB is some other password.
    byte[] overLimit = new byte[InputFiles.MAX_BYTES + 1];
    Arrays.fill(overLimit, (byte) 'p');

    assertThatThrownBy(() -> PasswordStdin.read(new ByteArrayInputStream(overLimit)))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
              assertThat(e.problems())
                  .extracting(Problem::message)
                  .containsExactly(
                      "is larger than 1048576 bytes, the most any command reads from a file or"
                          + " standard input; refused");
            });
  }
}
