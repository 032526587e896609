package dev.blocks.core.idempotency;

import java.util.Optional;

/**
 * Where an {@link IdempotentExecutor} keeps the record of each idempotency key: the SPI for a
 * database-backed store; {@link InMemoryIdempotencyStore} is the bounded in-memory default.
 *
 * <p>A store keeps each record for a retention period and then forgets it (an expired key is a new
 * request). {@link #claim} must be atomic: of any number of concurrent claims of one absent key,
 * exactly one succeeds (in SQL, an {@code INSERT} on a unique key).
 *
 * <p>Implementations must be thread-safe.
 *
 * @param <V> the value type
 * @since 0.1
 */
public interface IdempotencyStore<V> {

  /**
   * Atomically records that an execution of {@code key} started, unless a live record exists.
   *
   * @return empty if this call claimed the key (an {@link IdempotencyRecord.InProgress} with {@code
   *     fingerprint} is now stored), or the live record that was already there
   */
  Optional<IdempotencyRecord<V>> claim(IdempotencyKey key, String fingerprint);

  /**
   * Replaces the in-progress record of {@code key} (or its absence, if it expired meanwhile) with
   * {@code completed}; a completed record already there is kept.
   */
  void complete(IdempotencyKey key, IdempotencyRecord.Completed<V> completed);

  /** Removes the in-progress record of {@code key}, if there is one: nothing is stored for it. */
  void release(IdempotencyKey key);

  /** The live record of {@code key}, if any. */
  Optional<IdempotencyRecord<V>> find(IdempotencyKey key);
}
