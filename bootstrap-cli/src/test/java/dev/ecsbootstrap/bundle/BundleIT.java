package dev.ecsbootstrap.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot bundle as {@code mvn -Pbundle package} built it, unpacked with {@code tar} as the user
 * data unpacks it: native files that run on both ECS-optimized AMIs, the modules the jar needs, and
 * a cache the runtime uses wherever the bundle lands.
 */
class BundleIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Path BUNDLE =
      Path.of(
          System.getProperty(
              "ecs-bootstrap.bundle", "target/ecs-bootstrap-bundle-linux-x86_64.tar.gz"));
  private static final Path JAR =
      Path.of(System.getProperty("ecs-bootstrap.jar", "target/ecs-bootstrap.jar"));
  private static final Path JDK =
      Path.of(System.getProperty("bundle.jdk", "/usr/lib/jvm/temurin-25-jdk-amd64"));

  /** jdeps lines: {@code a.B -> c.D module}. */
  private static final Pattern DEPENDENCY =
      Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+(\\S+)$", Pattern.MULTILINE);

  @TempDir static Path unpacked;
  private static Path home;

  @BeforeAll
  static void unpack() {
    run(
        List.of(
            "tar", "--extract", "--gzip", "--file", BUNDLE.toString(), "-C", unpacked.toString()));
    home = unpacked.resolve("ecs-bootstrap");
  }

  private static CliResult run(List<String> command) {
    return CliRunner.runProcess(command, new byte[0], Map.of(), TIMEOUT).assertExit(0);
  }

  @Test
  void holdsTheRuntimeTheJarAndItsCacheOwnedByRoot() throws IOException {
    try (Stream<Path> top = Files.list(home)) {
      assertThat(top.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("runtime", "ecs-bootstrap.jar", "ecs-bootstrap.aot");
    }
    assertThat(Files.mismatch(home.resolve("ecs-bootstrap.jar"), JAR))
        .as("the jar the build made")
        .isEqualTo(-1L);
    String listing =
        run(List.of(
                "tar",
                "--list",
                "--verbose",
                "--numeric-owner",
                "--gzip",
                "--file",
                BUNDLE.toString()))
            .out();
    assertThat(listing.lines()).isNotEmpty().allMatch(line -> line.contains(" 0/0 "));
  }

  @Test
  void everyNativeFileRunsOnAmazonLinux2And2023() throws IOException {
    List<Path> elfFiles;
    try (Stream<Path> files = Files.walk(home)) {
      elfFiles = files.filter(BundleIT::isElf).toList();
    }
    Set<String> bundled =
        elfFiles.stream().map(path -> path.getFileName().toString()).collect(Collectors.toSet());
    List<String> problems = new ArrayList<>();
    Map<String, Set<String>> glibcByFile = new TreeMap<>();
    for (Path file : elfFiles) {
      ElfRequirements requirements = ElfRequirements.read(file);
      String name = home.relativize(file).toString();
      glibcByFile.put(name, new TreeSet<>(requirements.glibcVersions()));
      problems.addAll(AmiCompatibility.problems(name, requirements, bundled));
    }

    assertThat(bundled).as("the check saw the JVM itself").contains("libjvm.so", "java");
    assertThat(glibcByFile.get("runtime/lib/server/libjvm.so")).isNotEmpty();
    assertThat(problems).as("native files the AMIs cannot load").isEmpty();
  }

  private static boolean isElf(Path file) {
    try {
      return ElfRequirements.isElf(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Every module the runtime holds is one the jar uses, and every module it leaves out is used only
   * by Jackson's optional handlers (java.sql types, java.beans annotations), which Jackson looks up
   * and does without.
   */
  @Test
  void theRuntimeLeavesOutOnlyModulesJacksonTreatsAsOptional() {
    Set<String> runtimeModules =
        run(List.of(home.resolve("runtime/bin/java").toString(), "--list-modules"))
            .out()
            .lines()
            .map(line -> line.replaceFirst("@.*", ""))
            .collect(Collectors.toSet());
    String jdeps =
        run(List.of(
                JDK.resolve("bin/jdeps").toString(),
                "--multi-release",
                "25",
                "--ignore-missing-deps",
                "-verbose:class",
                JAR.toString()))
            .out();
    Map<String, Set<String>> referrersByModule = new TreeMap<>();
    Matcher dependency = DEPENDENCY.matcher(jdeps);
    while (dependency.find()) {
      referrersByModule
          .computeIfAbsent(dependency.group(3), module -> new TreeSet<>())
          .add(dependency.group(1));
    }

    assertThat(runtimeModules).contains("java.base", "java.xml");
    assertThat(referrersByModule.keySet())
        .as("modules the jar refers to")
        .containsAll(runtimeModules);
    referrersByModule.forEach(
        (module, referrers) -> {
          if (module.startsWith("java.") || module.startsWith("jdk.")) {
            if (!runtimeModules.contains(module)) {
              assertThat(referrers)
                  .as("classes that need %s, which the runtime lacks", module)
                  .allMatch(referrer -> referrer.startsWith("com.fasterxml.jackson.databind."));
            }
          }
        });
  }

  /** The JVM maps the cache only if runtime and jar are the ones it was trained with. */
  @Test
  void theRuntimeUsesTheCacheWhereverTheBundleIsUnpacked() throws IOException {
    Path log = unpacked.resolve("aot.log");
    // -XX:AOTMode=on: a cache the JVM cannot use is an error, not a silent slow start.
    CliResult version =
        run(
            List.of(
                "bash",
                "-c",
                "cd \"$1\" && exec runtime/bin/java -XX:AOTCache=ecs-bootstrap.aot -XX:AOTMode=on"
                    + " -Xlog:aot=info:file=\"$2\"::filecount=0 -jar ecs-bootstrap.jar --version",
                "bundle",
                home.toString(),
                log.toString()));

    assertThat(version.out()).startsWith("ecs-bootstrap ");
    assertThat(Files.readString(log)).contains("Using AOT-linked classes: true");
  }
}
