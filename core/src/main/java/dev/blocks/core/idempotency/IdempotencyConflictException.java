package dev.blocks.core.idempotency;

/**
 * A request arrived while the first execution of its key is still in progress (HTTP 409 in Stripe's
 * API). The action did not run; retry later to get the stored outcome.
 *
 * @since 0.1
 */
public final class IdempotencyConflictException extends IdempotencyException {

  private static final long serialVersionUID = 1L;

  IdempotencyConflictException(IdempotencyKey key) {
    super(key, "a request with idempotency key " + key + " is still in progress");
  }
}
