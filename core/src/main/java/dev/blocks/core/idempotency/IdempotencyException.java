package dev.blocks.core.idempotency;

import java.util.Objects;

/**
 * A request was refused because of the state of its idempotency key; the action did not run.
 *
 * @since 0.1
 */
public abstract class IdempotencyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient IdempotencyKey key;

  IdempotencyException(IdempotencyKey key, String message) {
    super(message);
    this.key = Objects.requireNonNull(key, "key");
  }

  /** The key of the refused request. */
  public IdempotencyKey key() {
    return key;
  }
}
