package dev.ecsbootstrap.bundle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Whether native files run on both ECS-optimized AMIs: Amazon Linux 2 has glibc 2.26 (AL2023 has
 * 2.34), and both ship glibc's own libraries and nothing a JDK build might also link, such as
 * libstdc++ (which the AL2 minimal images may lack) or X11 (which neither has).
 */
final class AmiCompatibility {
  /** Amazon Linux 2's glibc, the older of the two. */
  static final List<Integer> NEWEST_GLIBC = List.of(2, 26);

  /** glibc's libraries, on every AMI. */
  static final Set<String> SYSTEM_LIBRARIES =
      Set.of(
          "libc.so.6",
          "libm.so.6",
          "libdl.so.2",
          "libpthread.so.0",
          "librt.so.1",
          "ld-linux-x86-64.so.2");

  private AmiCompatibility() {}

  /**
   * What stops {@code file} running on the AMIs; empty when nothing does. {@code bundled} are the
   * file names the bundle itself ships, which its own libraries find by their run path.
   */
  static List<String> problems(String file, ElfRequirements requirements, Set<String> bundled) {
    List<String> problems = new ArrayList<>();
    for (String version : requirements.glibcVersions()) {
      if (isNewerThanTheAmis(version)) {
        problems.add(file + " needs " + version + " (Amazon Linux 2 has GLIBC_2.26)");
      }
    }
    for (String library : requirements.neededLibraries()) {
      if (!SYSTEM_LIBRARIES.contains(library) && !bundled.contains(library)) {
        problems.add(file + " needs " + library + ", which the AMIs do not ship");
      }
    }
    return problems;
  }

  /** True for GLIBC_2.27 and later, and for any version that is not a plain number list. */
  static boolean isNewerThanTheAmis(String version) {
    String number = version.substring("GLIBC_".length());
    if (!number.matches("\\d+(\\.\\d+)*")) {
      // GLIBC_PRIVATE and the like bind to one glibc build: no other system has them.
      return true;
    }
    List<Integer> parts = Arrays.stream(number.split("\\.")).map(Integer::valueOf).toList();
    for (int i = 0; i < Math.max(parts.size(), NEWEST_GLIBC.size()); i++) {
      int part = i < parts.size() ? parts.get(i) : 0;
      int newest = i < NEWEST_GLIBC.size() ? NEWEST_GLIBC.get(i) : 0;
      if (part != newest) {
        return part > newest;
      }
    }
    return false;
  }
}
