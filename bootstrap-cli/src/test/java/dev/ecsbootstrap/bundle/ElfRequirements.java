package dev.ecsbootstrap.bundle;

import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an ELF file needs from the system it runs on, as {@code readelf} reads it: the shared
 * libraries its dynamic section names ({@code NEEDED}) and the glibc symbol versions its version
 * needs section asks for ({@code GLIBC_2.17}...). The loader refuses to start a file whose needs
 * the system's glibc lacks, however little of it the program uses.
 */
record ElfRequirements(Set<String> neededLibraries, Set<String> glibcVersions) {
  private static final Pattern NEEDED =
      Pattern.compile("\\(NEEDED\\)\\s+Shared library: \\[([^\\]]+)\\]");
  private static final Pattern VERSION_NAME = Pattern.compile("Name: (GLIBC_[^\\s]+)");
  private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

  static boolean isElf(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      return Arrays.equals(in.readNBytes(ELF_MAGIC.length), ELF_MAGIC);
    }
  }

  static ElfRequirements read(Path file) {
    CliResult readelf =
        CliRunner.runProcess(
                List.of("readelf", "--dynamic", "--version-info", "--wide", file.toString()),
                new byte[0],
                Map.of(),
                Duration.ofSeconds(30))
            .assertExit(0);
    return parse(readelf.out());
  }

  /** From {@code readelf --dynamic --version-info --wide} output. */
  static ElfRequirements parse(String readelfOutput) {
    Set<String> needed = new LinkedHashSet<>();
    Matcher library = NEEDED.matcher(readelfOutput);
    while (library.find()) {
      needed.add(library.group(1));
    }
    Set<String> versions = new LinkedHashSet<>();
    // Only the needs: the symbol table section also prints version names, for symbols it defines.
    int needs = readelfOutput.indexOf("Version needs section");
    if (needs >= 0) {
      int end = readelfOutput.indexOf("\n\n", needs);
      Matcher version =
          VERSION_NAME.matcher(
              readelfOutput.substring(needs, end < 0 ? readelfOutput.length() : end));
      while (version.find()) {
        versions.add(version.group(1));
      }
    }
    return new ElfRequirements(Set.copyOf(needed), Set.copyOf(versions));
  }
}
