package dev.blocks.delivery;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Remembers which messages were applied, and applies an effect at most once per message id: the
 * idempotent sink behind exactly-once delivery over an at-least-once log (the inbox pattern).
 *
 * <p>{@link #applyOnce} must make "remember the id" and "apply the effect" one atomic step (one
 * database transaction, say); then redelivered messages are recognised and skipped. This interface
 * is the seam where the idempotency store of blocks-core can be plugged in once it exists; {@link
 * #inMemory()} is the built-in default.
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
}
