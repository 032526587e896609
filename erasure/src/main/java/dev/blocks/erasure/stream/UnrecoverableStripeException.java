package dev.blocks.erasure.stream;

import java.io.IOException;
import java.util.List;

/**
 * Thrown when a stripe has fewer than {@code k} healthy shards, so its bytes cannot be rebuilt. The
 * bytes of earlier stripes have already been written; no byte of this stripe or later ones is.
 *
 * @since 0.1
 */
public final class UnrecoverableStripeException extends IOException {

  private static final long serialVersionUID = 1L;

  private final long stripe;
  private final transient List<ShardDamage> damage;

  UnrecoverableStripeException(long stripe, int healthy, int needed, List<ShardDamage> damage) {
    super(
        "stripe "
            + stripe
            + " has "
            + healthy
            + " healthy shards, needs "
            + needed
            + "; damaged: "
            + damage);
    this.stripe = stripe;
    this.damage = List.copyOf(damage);
  }

  /** Returns the first stripe that could not be rebuilt. */
  public long stripe() {
    return stripe;
  }

  /** Returns the damaged shards found so far. */
  public List<ShardDamage> damage() {
    return damage;
  }
}
