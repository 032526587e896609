package dev.blocks.delivery;

import dev.blocks.core.idempotency.IdempotencyKey;
import dev.blocks.core.idempotency.IdempotencyRecord;
import dev.blocks.core.idempotency.IdempotencyStore;
import dev.blocks.core.idempotency.Outcome;
import java.util.Objects;

/**
 * {@link ProcessedMessages#over}: processed-message ids kept in a core {@link IdempotencyStore}.
 *
 * <p>Thread-safe if the store is.
 *
 * @param <V> the store's value type (unused)
 */
final class StoreBackedProcessedMessages<V> implements ProcessedMessages {
  private final IdempotencyStore<V> store;
  private final String scope;

  private StoreBackedProcessedMessages(IdempotencyStore<V> store, String scope) {
    this.store = store;
    this.scope = scope;
  }

  static <V> StoreBackedProcessedMessages<V> of(IdempotencyStore<V> store, String scope) {
    return new StoreBackedProcessedMessages<>(store, scope);
  }

  private IdempotencyKey key(String messageId) {
    Objects.requireNonNull(messageId, "messageId");
    if (messageId.isEmpty() || messageId.length() > IdempotencyKey.MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "messageId length must be in [1, "
              + IdempotencyKey.MAX_KEY_LENGTH
              + "], got "
              + messageId.length());
    }
    return IdempotencyKey.of(scope, "", messageId);
  }

  @Override
  public boolean applyOnce(String messageId, Effect effect) throws Exception {
    IdempotencyKey key = key(messageId);
    Objects.requireNonNull(effect, "effect");
    var existing = store.claim(key, messageId);
    if (existing.isPresent()) {
      if (existing.get() instanceof IdempotencyRecord.Completed<V>) {
        return false;
      }
      throw new IllegalStateException(
          "messageId " + messageId + " is still in progress in scope '" + scope + "'");
    }
    try {
      effect.run();
    } catch (Throwable t) {
      store.release(key);
      throw t;
    }
    store.complete(key, new IdempotencyRecord.Completed<>(messageId, new Outcome.Success<>(null)));
    return true;
  }

  @Override
  public boolean contains(String messageId) {
    return store.find(key(messageId)).orElse(null) instanceof IdempotencyRecord.Completed<V>;
  }

  @Override
  public String toString() {
    return "ProcessedMessages.over(" + store + ", '" + scope + "')";
  }
}
