package dev.blocks.core.idempotency;

import java.util.Objects;

/**
 * What an {@link IdempotencyStore} holds for a key: an execution in progress, or its completed
 * outcome, each with the fingerprint of the request that started it.
 *
 * <p>Every implementation is an immutable record.
 *
 * @param <V> the value type
 * @since 0.1
 */
public sealed interface IdempotencyRecord<V> {

  /** The fingerprint of the request that started the execution. */
  String fingerprint();

  /**
   * The execution has started and has not completed.
   *
   * @param fingerprint the fingerprint of the request that started it
   */
  record InProgress<V>(String fingerprint) implements IdempotencyRecord<V> {
    /** Checks the fingerprint is not null. */
    public InProgress {
      Objects.requireNonNull(fingerprint, "fingerprint");
    }
  }

  /**
   * The execution completed with {@code outcome}.
   *
   * @param fingerprint the fingerprint of the request that started it
   * @param outcome the value or failure to replay
   */
  record Completed<V>(String fingerprint, Outcome<V> outcome) implements IdempotencyRecord<V> {
    /** Checks the parts are not null. */
    public Completed {
      Objects.requireNonNull(fingerprint, "fingerprint");
      Objects.requireNonNull(outcome, "outcome");
    }
  }
}
