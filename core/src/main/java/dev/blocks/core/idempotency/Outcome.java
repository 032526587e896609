package dev.blocks.core.idempotency;

import java.util.Objects;

/**
 * The stored outcome of an execution: a value or a failure, replayed as such to every duplicate.
 *
 * <p>Immutable (the value and the failure are shared, not copied).
 *
 * @param <V> the value type
 * @since 0.1
 */
public sealed interface Outcome<V> {

  /**
   * The action returned {@code value} (which may be null).
   *
   * @param value the returned value
   */
  record Success<V>(V value) implements Outcome<V> {}

  /**
   * The action threw {@code failure}; duplicates get the same instance thrown.
   *
   * @param failure the thrown failure
   */
  record Failure<V>(Throwable failure) implements Outcome<V> {
    /** Checks the failure is not null. */
    public Failure {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
