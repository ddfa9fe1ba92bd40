package dev.ecsbootstrap.publish;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.InputFiles;
import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.Utf8;
import java.io.IOException;
import java.io.InputStream;

/** Like docker login --password-stdin: all of standard input, less one trailing newline. */
final class PasswordStdin {
  private PasswordStdin() {}

  static Secret read(InputStream stdin) {
    byte[] bytes;
    try {
      bytes = InputFiles.read(stdin, "standard input");
    } catch (IOException e) {
      throw BootstrapException.usage("cannot read the password from standard input");
    }
    String text =
        Utf8.decode(bytes)
            .orElseThrow(
                () -> BootstrapException.usage("the password on standard input is not UTF-8"));
    if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.isEmpty()) {
      throw BootstrapException.usage("no password on standard input");
    }
    return Secret.of(text);
  }
}
