package dev.blocks.erasure.stream;

import java.util.Objects;

/**
 * One shard found unusable while decoding: which shard, from which stripe on (or at which stripe,
 * for a checksum mismatch), and why.
 *
 * <p>Immutable.
 *
 * @param shard the shard index, in [0, k + m)
 * @param stripe the stripe at which the damage was found; -1 for the header
 * @param reason what was wrong, e.g. "checksum mismatch" or "truncated"
 * @since 0.1
 */
public record ShardDamage(int shard, long stripe, String reason) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if {@code shard < 0} or {@code stripe < -1}
   */
  public ShardDamage {
    if (shard < 0) {
      throw new IllegalArgumentException("shard must be >= 0, got " + shard);
    }
    if (stripe < -1) {
      throw new IllegalArgumentException("stripe must be >= -1, got " + stripe);
    }
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return "shard "
        + shard
        + " ("
        + reason
        + (stripe < 0 ? " in header" : " at stripe " + stripe)
        + ")";
  }
}
