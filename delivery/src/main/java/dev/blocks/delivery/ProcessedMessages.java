package dev.blocks.delivery;

import dev.blocks.core.idempotency.IdempotencyStore;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Remembers which messages were applied, and applies an effect at most once per message id: the
 * idempotent sink behind exactly-once delivery over an at-least-once log (the inbox pattern).
 *
 * <p>{@link #applyOnce} must make "remember the id" and "apply the effect" one atomic step (one
 * database transaction, say); then redelivered messages are recognised and skipped. {@link #over}
 * keeps the ids in a blocks-core {@link IdempotencyStore}; {@link #inMemory()} is the built-in
 * default:
 *
 * {@snippet class=dev.blocks.delivery.CoreAdaptersSnippets region=processed}
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface ProcessedMessages {

  /**
   * Applies {@code effect} unless {@code messageId} was applied before, atomically with recording
   * the id. If the effect throws, the id is not recorded.
   *
   * @param messageId the unique message id
   * @param effect the effect
   * @return true if the effect ran now, false if the id was already recorded
   * @throws Exception what the effect threw
   */
  boolean applyOnce(String messageId, Effect effect) throws Exception;

  /**
   * Returns whether {@code messageId} was applied.
   *
   * @param messageId the id
   * @return true if recorded
   */
  boolean contains(String messageId);

  /** An effect that may fail. */
  @FunctionalInterface
  interface Effect {
    /**
     * Runs the effect.
     *
     * @throws Exception on failure
     */
    void run() throws Exception;
  }

  /**
   * Returns an in-memory store; thread-safe (synchronized), for effects on in-memory state.
   *
   * @return the store
   */
  static ProcessedMessages inMemory() {
    return new ProcessedMessages() {
      private final Set<String> ids = new HashSet<>();

      @Override
      public synchronized boolean applyOnce(String messageId, Effect effect) throws Exception {
        Objects.requireNonNull(messageId, "messageId");
        if (ids.contains(messageId)) {
          return false;
        }
        effect.run();
        ids.add(messageId);
        return true;
      }

      @Override
      public synchronized boolean contains(String messageId) {
        return ids.contains(messageId);
      }
    };
  }

  /**
   * Returns processed-message ids kept in a blocks-core {@link IdempotencyStore}, each message id
   * being the key {@code (scope, "", messageId)}.
   *
   * <p>{@link #applyOnce} {@linkplain IdempotencyStore#claim claims} the key, runs the effect, and
   * then {@linkplain IdempotencyStore#complete completes} it (on success) or {@linkplain
   * IdempotencyStore#release releases} it (if the effect throws, so that a redelivery runs it
   * again). A completed key returns false. A key still in progress (a concurrent duplicate, or a
   * process that died inside the effect and whose lease has not ended) throws {@link
   * IllegalStateException}: the consumer counts that as a failed attempt and retries it later,
   * never committing past a message whose effect may not have happened.
   *
   * <p>The store's semantics carry over: an id is remembered for the store's retention (choose it
   * longer than any redelivery can come), an evicted or expired id is applied again, and a process
   * that dies between the effect and {@code complete} leaves the key in progress until the store's
   * in-progress lease ends, after which the effect runs again. Only a store that commits the record
   * in the same transaction as the effect makes the step atomic.
   *
   * <p>Thread-safe if the store is (every {@link IdempotencyStore} must be).
   *
   * @param store the core store; its value type is unused (records hold a null success)
   * @param scope the key's tenant part, separating this consumer's ids from other users of the
   *     store (for example the consumer group); may be empty
   * @return the processed messages
   * @throws NullPointerException if {@code store} or {@code scope} is null
   */
  static ProcessedMessages over(IdempotencyStore<?> store, String scope) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(scope, "scope");
    return StoreBackedProcessedMessages.of(store, scope);
  }
}
