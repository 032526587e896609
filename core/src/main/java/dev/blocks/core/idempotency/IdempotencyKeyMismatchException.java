package dev.blocks.core.idempotency;

/**
 * A key was reused with a different request: its fingerprint differs from the one the key was first
 * used with. The action did not run; the client must use a new key for a new request.
 *
 * @since 0.1
 */
public final class IdempotencyKeyMismatchException extends IdempotencyException {

  private static final long serialVersionUID = 1L;

  IdempotencyKeyMismatchException(IdempotencyKey key, String stored, String given) {
    super(
        key,
        "idempotency key "
            + key
            + " was first used with request fingerprint "
            + stored
            + ", got "
            + given);
  }
}
