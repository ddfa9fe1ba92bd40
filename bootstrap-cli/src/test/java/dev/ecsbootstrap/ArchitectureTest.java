package dev.ecsbootstrap;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.MethodCallTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The package rules of style.md section 2, checked over the whole class graph of this module's
 * production classes. Each rule is named as the sentence it asserts; a failure lists every
 * offending class and dependency.
 */
@AnalyzeClasses(
    locations = ArchitectureTest.ThisModulesProductionClasses.class,
    importOptions = {
      ImportOption.DoNotIncludeTests.class,
      ArchitectureTest.NotPicocliCompiledHere.class
    })
class ArchitectureTest {

  private static final String BASE = "dev.ecsbootstrap";
  private static final String CLI = "dev.ecsbootstrap.cli..";
  private static final String AWS = "dev.ecsbootstrap.aws..";
  private static final String ROOT = "(root)";

  private static final Path CLI_SOURCE = Path.of("src/main/java/dev/ecsbootstrap/cli");
  // 700 until issue 12 added the registry that builds only the named subcommand's picocli model;
  // 800 until issue 14 gave apply --restart-agent, --force, --state-file, --agent-run-script,
  // --target, --ecs-config-json and --move-auth (options only: the flow is in apply.RestartStep,
  // apply.ConditionalFetch, apply.JsonTargetWrite and the agent package).
  private static final int CLI_LINE_LIMIT = 900;

  private static final Pattern SDK_CLIENT_TYPE =
      Pattern.compile(".*Client|.*CredentialsProvider.*");
  private static final Set<String> SDK_FACTORY_METHODS = Set.of("builder", "create");

  @ArchTest
  static final ArchRule capabilityPackagesAreFreeOfCycles =
      slices()
          .matching("dev.ecsbootstrap.(*)..")
          .should()
          .beFreeOfCycles()
          .because(
              "capabilities form a layered graph under cli (style.md section 2); a cycle means"
                  + " two packages are really one");

  @ArchTest
  static final ArchRule rootPackageDependsOnNoSubpackage =
      noClasses()
          .that()
          .resideInAPackage(BASE)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.ecsbootstrap.*..")
          .because(
              "the root package (BootstrapException, ExitCode, Problem, Severity, Secret...) is"
                  + " the shared vocabulary every capability may import, so it must import none");

  @ArchTest
  static final ArchRule nothingOutsideCliDependsOnCli =
      noClasses()
          .that()
          .resideOutsideOfPackage(CLI)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(CLI)
          .because("cli is the adapter on top: it may import everything, and nothing imports it");

  @ArchTest
  static final ArchRule picocliStaysInsideCli =
      noClasses()
          .that()
          .resideOutsideOfPackage(CLI)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("picocli..")
          .because("no picocli type appears outside cli, so use cases run without a command line");

  @ArchTest
  static final ArchRule cliDoesNotTouchTheAwsSdk =
      noClasses()
          .that()
          .resideInAPackage(CLI)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("software.amazon.awssdk..")
          .because(
              "the SDK is wired in aws and used by capabilities, which translate its exceptions;"
                  + " cli only parses flags and prints results");

  @ArchTest
  static final ArchRule onlyAwsBuildsSdkClients =
      noClasses()
          .that()
          .resideOutsideOfPackage(AWS)
          .should()
          .callMethodWhere(sdkClientFactory())
          .because(
              "AwsClients is the one place SDK clients and credential providers are built (HTTP"
                  + " client, retries, user agent); capabilities receive them through"
                  + " constructors");

  @ArchTest
  static void cliSourceStaysUnderItsLineLimit(JavaClasses ignored) throws IOException {
    assertThat(CLI_SOURCE)
        .as(
            "cli source directory, relative to the working directory %s",
            Path.of("").toAbsolutePath())
        .isDirectory();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(CLI_SOURCE)) {
      files =
          walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    }
    long lines = 0;
    for (Path file : files) {
      try (Stream<String> fileLines = Files.lines(file, StandardCharsets.UTF_8)) {
        lines += fileLines.count();
      }
    }

    assertThat(lines)
        .as(
            "cli production source is %d lines in %d files under %s; it must stay under %d"
                + " because use cases belong in capability packages, not in the adapter",
            lines, files.size(), CLI_SOURCE, CLI_LINE_LIMIT)
        .isLessThan(CLI_LINE_LIMIT);
  }

  @ArchTest
  static void printsTheTopLevelPackageDependencyMap(JavaClasses classes) {
    SortedMap<String, SortedSet<String>> map = topLevelDependencies(classes);

    StringBuilder text =
        new StringBuilder("Top-level package dependencies (" + ROOT + " = " + BASE + " itself):\n");
    map.forEach(
        (from, to) ->
            text.append(
                String.format(
                    "  %-10s -> %s%n", from, to.isEmpty() ? "-" : String.join(", ", to))));
    System.out.print(text);

    assertThat(map).as("top-level packages of %s", BASE).isNotEmpty().containsKey("cli");
  }

  /** Each top-level package under {@code dev.ecsbootstrap} to the top-level packages it uses. */
  private static SortedMap<String, SortedSet<String>> topLevelDependencies(JavaClasses classes) {
    SortedMap<String, SortedSet<String>> map = new TreeMap<>();
    for (JavaClass origin : classes) {
      String from = topLevelPackage(origin);
      if (from == null) {
        continue;
      }
      SortedSet<String> targets = map.computeIfAbsent(from, k -> new TreeSet<>());
      for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
        String to = topLevelPackage(dependency.getTargetClass().getBaseComponentType());
        if (to != null && !to.equals(from)) {
          targets.add(to);
        }
      }
    }
    return map;
  }

  /** {@code cli} for {@code dev.ecsbootstrap.cli.x.Y}, {@link #ROOT} for the root, else null. */
  private static String topLevelPackage(JavaClass javaClass) {
    String name = javaClass.getPackageName();
    if (name.equals(BASE)) {
      return ROOT;
    }
    if (!name.startsWith(BASE + ".")) {
      return null;
    }
    String rest = name.substring(BASE.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  /**
   * Static {@code builder()}/{@code create()} of an SDK type named {@code *Client} or {@code
   * *CredentialsProvider*}: {@code S3Client.builder()}, {@code Ec2MetadataClient.builder()}, {@code
   * UrlConnectionHttpClient.create()}, {@code InstanceProfileCredentialsProvider.create()}, {@code
   * AwsCredentialsProviderChain.builder()}.
   */
  private static DescribedPredicate<JavaMethodCall> sdkClientFactory() {
    return describe(
        "a static builder() or create() of an AWS SDK *Client or *CredentialsProvider* type",
        call -> {
          MethodCallTarget target = call.getTarget();
          JavaClass owner = target.getOwner();
          return owner.getPackageName().startsWith("software.amazon.awssdk.")
              && SDK_CLIENT_TYPE.matcher(owner.getSimpleName()).matches()
              && SDK_FACTORY_METHODS.contains(target.getName())
              // Unresolvable targets count as static: a false alarm beats a missed client.
              && target
                  .resolveMember()
                  .map(method -> method.getModifiers().contains(JavaModifier.STATIC))
                  .orElse(true);
        });
  }

  /**
   * Only this module's compiled production classes ({@code target/classes}), found through the code
   * source of {@link BootstrapException}. A package scan of {@code dev.ecsbootstrap} would also
   * pick up src-test-fixtures ({@code dev.ecsbootstrap.testing}), which is a directory rather than
   * a jar in a reactor build, so neither DoNotIncludeTests nor DoNotIncludeJars removes it.
   */
  static final class ThisModulesProductionClasses implements LocationProvider {
    @Override
    public Set<Location> get(Class<?> testClass) {
      URL classes = BootstrapException.class.getProtectionDomain().getCodeSource().getLocation();
      return Set.of(Location.of(classes));
    }
  }

  /**
   * picocli is compiled from its sources into this module's output folder (bootstrap-cli/pom.xml,
   * "picocli-sources"), but it is a dependency, not our code.
   */
  static final class NotPicocliCompiledHere implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/picocli/");
    }
  }
}
