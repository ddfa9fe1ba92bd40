package dev.ecsbootstrap.validate;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.InputFiles;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.fragment.FragmentValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code validate} use case: apply's rules, offline, on each file given ('-' is stdin). */
public final class Validation {
  private Validation() {}

  public static ValidationReport check(List<String> files, InputStream stdin) {
    Map<String, List<Problem>> problemsByFile = new LinkedHashMap<>();
    for (String file : files) {
      problemsByFile.put(file, FragmentValidator.check(read(file, stdin)));
    }
    return new ValidationReport(problemsByFile);
  }

  private static byte[] read(String file, InputStream stdin) {
    if (!file.equals("-")) {
      return InputFiles.read(Path.of(file));
    }
    try {
      return InputFiles.read(stdin, "standard input");
    } catch (IOException e) {
      throw BootstrapException.localFile(
          "cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}
