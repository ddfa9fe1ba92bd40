package dev.ecsbootstrap.ecsconfig;

import java.util.random.RandomGenerator;

/**
 * A valid fragment with one {@link FragmentDefect} injected: invalid by construction, and with the
 * fragment it came from, which is valid. {@link #toString()} names the defect, never the bytes.
 */
final class InvalidFragment {
  private final FragmentDefect defect;
  private final ValidFragment base;
  private final byte[] bytes;

  private InvalidFragment(FragmentDefect defect, ValidFragment base, byte[] bytes) {
    this.defect = defect;
    this.base = base;
    this.bytes = bytes;
  }

  static InvalidFragment generate(RandomGenerator random) {
    FragmentDefect defect = Draw.oneOf(random, FragmentDefect.values());
    ValidFragment base = ValidFragments.generate(random, defect.needs());
    return new InvalidFragment(defect, base, defect.inject(base, random));
  }

  FragmentDefect defect() {
    return defect;
  }

  /** The fragment before its defect. */
  ValidFragment base() {
    return base;
  }

  byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "InvalidFragment[" + defect + " in " + base + "]";
  }
}
