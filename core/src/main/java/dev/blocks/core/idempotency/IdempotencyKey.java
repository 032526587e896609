package dev.blocks.core.idempotency;

import java.util.Objects;

/**
 * An idempotency key within its scope: the tenant and the principal that sent it. Two requests are
 * duplicates only when all three parts are equal, so a key reused by another tenant or principal
 * never replays someone else's outcome.
 *
 * <p>Immutable.
 *
 * @param tenant the tenant (account, organisation); may be empty for a single-tenant system
 * @param principal the user or API client within the tenant; may be empty
 * @param key the client-chosen key, 1 to 255 characters (as Stripe allows), typically a UUID
 * @since 0.1
 */
public record IdempotencyKey(String tenant, String principal, String key) {

  /** The longest key accepted. */
  public static final int MAX_KEY_LENGTH = 255;

  /**
   * Checks the parts.
   *
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException if {@code key} is empty or longer than {@link #MAX_KEY_LENGTH}
   */
  public IdempotencyKey {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "key length must be in [1, " + MAX_KEY_LENGTH + "], got " + key.length());
    }
  }

  /**
   * A key in the given scope.
   *
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException if {@code key} is empty or too long
   */
  public static IdempotencyKey of(String tenant, String principal, String key) {
    return new IdempotencyKey(tenant, principal, key);
  }

  @Override
  public String toString() {
    return tenant + "/" + principal + "/" + key;
  }
}
