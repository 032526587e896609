package dev.blocks.core.sharding;

/**
 * A constant-expected-time consistent hash with the same bucket distribution and the same
 * monotonicity as {@link JumpHash}: growing from {@code n} to {@code n + 1} buckets moves about
 * {@code 1/(n+1)} of the keys, all to the new bucket.
 *
 * <p>The construction follows Otmar Ertl, "JumpBackHash: Say Goodbye to the Modulo Operation to
 * Distribute Keys Uniformly to Buckets" (Software: Practice and Experience, 2025;
 * arXiv:2403.18682). Jump consistent hash puts a key into the largest "jump" position below {@code
 * n}, where position {@code j >= 1} is a jump with probability {@code 1/(j+1)} independently. Over
 * a dyadic interval {@code [2^k, 2^(k+1))} these probabilities multiply to one half that the
 * interval holds a jump at all, and, given that it does, its largest jump is uniform over the
 * interval. So one hash bit per interval decides whether it holds a jump, the highest interval
 * below {@code n} that does holds the answer, and a uniform draw places it; only the top interval,
 * cut short at {@code n}, needs rejection sampling (at most two draws expected). Written for this
 * library from that description: the buckets equal neither Guava's nor hash4j's for the same input,
 * but they have the same distribution.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.sharding.ShardRouterSnippets region=jumpBack}
 *
 * <p>Stateless: every method is a pure function that allocates nothing.
 *
 * @since 0.1
 */
public final class JumpBackHash {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private JumpBackHash() {}

  /**
   * Returns the bucket in {@code [0, buckets)} of a well-spread 64-bit hash.
   *
   * @param hash a well-spread 64-bit hash of the key
   * @param buckets the number of buckets, at least 1
   * @return the bucket
   * @throws IllegalArgumentException if {@code buckets < 1}
   */
  public static int bucket(long hash, int buckets) {
    if (buckets <= 1) {
      if (buckets == 1) {
        return 0;
      }
      throw new IllegalArgumentException("buckets must be >= 1, got " + buckets);
    }
    int top = 31 - Integer.numberOfLeadingZeros(buckets - 1);
    int low = 1 << top;
    if ((hash >>> top & 1) != 0) {
      // the top interval [low, 2*low) holds a jump; its first draw is shared with larger counts
      long draw = position(hash, top);
      int candidate = low | (int) (draw & (low - 1));
      if (candidate < buckets) {
        return candidate;
      }
      // rejected: that jump lies at or above buckets; redraw the interval [low, buckets)
      long state = KeyHasher.mix(hash ^ (top + 1) * 0xD1B54A32D192ED03L);
      while (true) {
        state += GOLDEN;
        long r = KeyHasher.mix(state);
        if (r < 0) {
          break; // no jump in the interval on this draw
        }
        candidate = low | (int) (r & (low - 1));
        if (candidate < buckets) {
          return candidate;
        }
      }
    }
    long lower = hash & (low - 1L);
    if (lower == 0) {
      return 0;
    }
    int k = 63 - Long.numberOfLeadingZeros(lower);
    return (1 << k) | (int) (position(hash, k) & ((1L << k) - 1));
  }

  private static long position(long hash, int interval) {
    return KeyHasher.mix(hash + (interval + 1) * GOLDEN);
  }
}
