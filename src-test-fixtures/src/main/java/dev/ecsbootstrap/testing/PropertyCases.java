package dev.ecsbootstrap.testing;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Runs a property over seeded generated cases, plain JUnit. The run's seed is the property's fixed
 * default unless {@value #SEED} is set; each case draws its own seed from it, and a failure names
 * that case seed, which {@value #CASE} reruns alone. A case must report that it reached its final
 * assertion: none may return early, and the count of those that did is asserted and printed.
 */
public final class PropertyCases {
  public static final String SEED = "property.seed";
  public static final String CASE = "property.case";
  public static final String CASES = "property.cases";
  public static final int DEFAULT_CASES = 300;

  /** One generated case: its random source, and where it reports reaching the final assertion. */
  public static final class Case {
    private final RandomGenerator random;
    private boolean reached;

    private Case(long seed) {
      this.random = new SplittableRandom(seed);
    }

    public RandomGenerator random() {
      return random;
    }

    /** Called just before the property's final assertion. */
    public void finalAssertionReached() {
      reached = true;
    }
  }

  /** The property, checked for one case. */
  @FunctionalInterface
  public interface Check {
    void check(Case generated) throws Exception;
  }

  private PropertyCases() {}

  public static void check(String property, long defaultSeed, Check check) {
    String only = System.getProperty(CASE);
    long seed = Long.parseLong(System.getProperty(SEED, Long.toString(defaultSeed)));
    int cases = only != null ? 1 : Integer.getInteger(CASES, DEFAULT_CASES);
    SplittableRandom caseSeeds = new SplittableRandom(seed);
    int reached = 0;
    for (int i = 1; i <= cases; i++) {
      long caseSeed = only != null ? Long.parseLong(only) : caseSeeds.nextLong();
      String which =
          property
              + ": case "
              + i
              + " of "
              + cases
              + " (case seed "
              + caseSeed
              + "; rerun it alone with -D"
              + CASE
              + "="
              + caseSeed
              + ")";
      Case generated = new Case(caseSeed);
      try {
        check.check(generated);
      } catch (Exception | AssertionError e) {
        throw new AssertionError(which + " failed: " + e, e);
      }
      if (!generated.reached) {
        throw new AssertionError(which + " returned without reaching its final assertion");
      }
      reached++;
    }
    String runSeed = only != null ? "case seed " + only : "seed " + seed;
    System.out.printf(
        "%s: %d of %d generated cases reached the assertion (%s)%n",
        property, reached, cases, runSeed);
    if (reached != cases) {
      throw new AssertionError(property + ": " + reached + " of " + cases + " cases reached it");
    }
  }
}
