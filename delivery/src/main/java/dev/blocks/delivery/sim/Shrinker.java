package dev.blocks.delivery.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Shrinks a failing fault schedule to a 1-minimal one: removing any single fault of the result
 * makes the failure go away (the simplest form of Zeller's delta debugging, "Simplifying and
 * Isolating Failure-Inducing Input", IEEE TSE 2002).
 *
 * <p>Thread-safe: stateless.
 *
 * @since 0.1
 */
public final class Shrinker {

  private Shrinker() {}

  /**
   * Removes faults one at a time while the schedule still fails, until no single removal keeps it
   * failing.
   *
   * @param faults a failing schedule
   * @param fails whether a schedule still fails; must be deterministic
   * @return a 1-minimal failing sub-list, in the original order
   * @throws IllegalArgumentException if {@code faults} does not fail
   */
  public static List<Fault> shrink(List<Fault> faults, Predicate<List<Fault>> fails) {
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(fails, "fails");
    if (!fails.test(faults)) {
      throw new IllegalArgumentException("faults must fail to be shrunk, got " + faults);
    }
    List<Fault> current = new ArrayList<>(faults);
    boolean progress = true;
    while (progress) {
      progress = false;
      for (int i = 0; i < current.size(); i++) {
        List<Fault> candidate = new ArrayList<>(current);
        candidate.remove(i);
        if (fails.test(candidate)) {
          current = candidate;
          progress = true;
          i--;
        }
      }
    }
    return List.copyOf(current);
  }
}
