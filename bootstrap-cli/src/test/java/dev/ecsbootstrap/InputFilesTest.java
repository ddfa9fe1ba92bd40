package dev.ecsbootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class InputFilesTest {
  @Test
  void readsInputOfExactlyTheLimit() throws IOException {
    byte[] atLimit = new byte[InputFiles.MAX_BYTES];

    assertThat(InputFiles.read(new ByteArrayInputStream(atLimit), "stdin")).hasSize(atLimit.length);
  }

  @Test
  void refusesInputOneByteOverTheLimit() {
    byte[] overLimit = new byte[InputFiles.MAX_BYTES + 1];

    assertThatThrownBy(() -> InputFiles.read(new ByteArrayInputStream(overLimit), "stdin"))
        .isInstanceOfSatisfying(
            BootstrapException.class,
            e -> {
              // The exit code of every command's too-large input, apply's S3 object included.
              assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONTENT);
              assertThat(e.source()).isEqualTo("stdin");
              assertThat(e.problems())
                  .extracting(Problem::message)
                  .containsExactly(
                      "is larger than 1048576 bytes, the most any command reads from a file or"
                          + " standard input; refused");
            });
  }
}
