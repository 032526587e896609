package dev.blocks.erasure.stream;

import java.util.List;

/**
 * The outcome of a successful decode: how many bytes were written and which shards were damaged
 * (and repaired around).
 *
 * <p>Immutable.
 *
 * @param length the number of original bytes written
 * @param damage every damaged shard, in the order found; empty when all shards were healthy
 * @since 0.1
 */
public record DecodeReport(long length, List<ShardDamage> damage) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if {@code length < 0}
   */
  public DecodeReport {
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, got " + length);
    }
    damage = List.copyOf(damage);
  }

  /** Returns whether every shard was healthy. */
  public boolean clean() {
    return damage.isEmpty();
  }
}
