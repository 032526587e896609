package dev.blocks.core.sharding;

/**
 * Jump consistent hash: maps a 64-bit key to one of {@code buckets} buckets so that growing the
 * bucket count from {@code n} to {@code n + 1} moves only about {@code 1/(n+1)} of the keys, all of
 * them to the new bucket.
 *
 * <p>The algorithm is the one published by John Lamping and Eric Veach, "A Fast, Minimal Memory,
 * Consistent Hash Algorithm" (Google, 2014, arXiv:1406.2294). It runs in {@code O(ln n)} time,
 * needs no memory besides its arguments and allocates nothing. Its answers are bit-identical to
 * Guava's {@code Hashing.consistentHash(long, int)}, which implements the same paper.
 *
 * <p>Buckets can only be added or removed at the end ({@code n -> n + 1} or {@code n -> n - 1}).
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.sharding.JumpHashSnippets region=bucket}
 *
 * <p>Thread-safety: stateless; every method is a pure function.
 *
 * @since 0.1
 */
public final class JumpHash {

  private static final long LCG_MULTIPLIER = 2862933555777941757L;

  private JumpHash() {}

  /**
   * Returns the bucket in {@code [0, buckets)} of {@code key}.
   *
   * @param key any 64-bit key; spread keys with a good hash first if they are not random
   * @param buckets the number of buckets, at least 1
   * @return the bucket, in {@code [0, buckets)}
   * @throws IllegalArgumentException if {@code buckets < 1}
   */
  public static int bucket(long key, int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be >= 1, got " + buckets);
    }
    long k = key;
    long b = -1;
    long j = 0;
    while (j < buckets) {
      b = j;
      k = k * LCG_MULTIPLIER + 1;
      j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((k >>> 33) + 1)));
    }
    return (int) b;
  }
}
