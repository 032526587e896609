package dev.blocks.orderbook;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Wraps a check of a command list so that a failure is reported with a minimal failing list:
 * QuickTheories shrinks the values inside a list but not its length, so this removes commands one
 * at a time while the check still fails (greedy delta debugging) and reports what is left.
 */
final class Minimizer {
  private Minimizer() {}

  static <T> Consumer<List<T>> minimizing(Consumer<List<T>> check) {
    return commands -> {
      Throwable failure = failure(check, commands);
      if (failure == null) {
        return;
      }
      List<T> smallest = new ArrayList<>(commands);
      for (int i = smallest.size() - 1; i >= 0; i--) {
        List<T> candidate = new ArrayList<>(smallest);
        candidate.remove(i);
        Throwable f = failure(check, candidate);
        if (f != null) {
          smallest = candidate;
          failure = f;
        }
      }
      throw new AssertionError(
          "minimal failing command list (" + smallest.size() + "): " + smallest, failure);
    };
  }

  private static <T> Throwable failure(Consumer<List<T>> check, List<T> commands) {
    try {
      check.accept(commands);
      return null;
    } catch (AssertionError | RuntimeException e) {
      return e;
    }
  }
}
