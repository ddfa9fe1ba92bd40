package dev.ecsbootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecsbootstrap.reliability.ReliabilityReport.TestReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every test docs/reliability.md names ran in this build and passed: read from the Surefire and
 * Failsafe reports of every module, after the integration tests. Not a *Test or *IT, so neither
 * default run picks it up; bootstrap-cli's pom runs it alone in post-integration-test.
 *
 * <p>A build filtered with -Dtest or -Dit.test runs some tests only; then the named tests that did
 * not run are left out (and listed), never those that ran and failed or skipped.
 */
class ReliabilityReportCheck {
  private static final List<String> REPORTS = List.of("surefire-reports", "failsafe-reports");
  private static final List<String> MODULES =
      List.of("bootstrap-cli", "src-test-fixtures", "userdata-templates", "cloudformation");

  /**
   * The only skip CI allows (README, "Tests that can fail"): an S3 backend that needs Docker where
   * no engine answers; DockerProbe's reason says so.
   */
  private static final String NEEDS_DOCKER = "no Docker engine answers";

  enum Outcome {
    PASSED,
    SKIPPED_FOR_DOCKER,
    NOT_PASSED
  }

  /** One test method execution as a report records it. */
  record Execution(String binaryClassName, String name, Outcome outcome) {
    boolean runs(TestReference test) {
      String simple = binaryClassName.substring(binaryClassName.lastIndexOf('.') + 1);
      // ApplyIT[1]: a class template's invocation; faultClears(Fault)[2]: a parameterized one.
      String className = simple.replaceAll("\\[\\d+]", "");
      return className.equals(test.binaryName())
          && (name.equals(test.method()) || name.startsWith(test.method() + "("));
    }
  }

  @Test
  void everyTestThePageNamesRanAndPassed() throws IOException {
    List<Execution> executions = executions();
    List<String> notPassed = new ArrayList<>();
    List<String> notRun = new ArrayList<>();
    for (TestReference test : ReliabilityReport.references()) {
      List<Execution> runs = executions.stream().filter(run -> run.runs(test)).toList();
      if (runs.isEmpty()) {
        notRun.add(test.toString());
      } else if (runs.stream().anyMatch(run -> run.outcome() == Outcome.NOT_PASSED)
          || runs.stream().noneMatch(run -> run.outcome() == Outcome.PASSED)) {
        notPassed.add(test.toString());
      }
    }

    assertThat(notPassed)
        .as(
            "named tests that failed, errored, were skipped (but for want of Docker) or never passed")
        .isEmpty();
    if (filteredBuild()) {
      System.out.println("Filtered build: named tests that did not run, not checked: " + notRun);
    } else {
      assertThat(notRun).as("named tests absent from this build's reports").isEmpty();
    }
  }

  private static boolean filteredBuild() {
    return isSet(System.getProperty("filter.test")) || isSet(System.getProperty("filter.it.test"));
  }

  /** Maven leaves an undefined property's expression as it is. */
  private static boolean isSet(String value) {
    return value != null && !value.isBlank() && !value.startsWith("${");
  }

  private static List<Execution> executions() {
    Path root = ReliabilityReport.root();
    List<Execution> executions = new ArrayList<>();
    for (String module : MODULES) {
      for (String reports : REPORTS) {
        Path folder = root.resolve(module).resolve("target").resolve(reports);
        if (!Files.isDirectory(folder)) {
          continue;
        }
        try (Stream<Path> files = Files.list(folder)) {
          files
              .filter(file -> file.getFileName().toString().matches("TEST-.*\\.xml"))
              .forEach(file -> executions.addAll(read(file)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return executions;
  }

  private static Outcome outcome(Element testCase) {
    if (Stream.of("failure", "error", "rerunFailure", "flakyFailure")
        .anyMatch(failure -> testCase.getElementsByTagName(failure).getLength() > 0)) {
      return Outcome.NOT_PASSED;
    }
    NodeList skipped = testCase.getElementsByTagName("skipped");
    if (skipped.getLength() == 0) {
      return Outcome.PASSED;
    }
    return skipped.item(0).getTextContent().contains(NEEDS_DOCKER)
            || ((Element) skipped.item(0)).getAttribute("message").contains(NEEDS_DOCKER)
        ? Outcome.SKIPPED_FOR_DOCKER
        : Outcome.NOT_PASSED;
  }

  private static List<Execution> read(Path report) {
    try {
      NodeList cases =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(report.toFile())
              .getElementsByTagName("testcase");
      List<Execution> executions = new ArrayList<>();
      for (int i = 0; i < cases.getLength(); i++) {
        Element testCase = (Element) cases.item(i);
        executions.add(
            new Execution(
                testCase.getAttribute("classname"),
                testCase.getAttribute("name"),
                outcome(testCase)));
      }
      return executions;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the test report " + report, e);
    }
  }
}
