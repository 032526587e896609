package dev.blocks.geo;

/**
 * Stable least-significant-digit radix sort of non-negative {@code long} keys carrying an {@code
 * int} payload, 16 bits per pass. Used to build the indexes in linear time.
 *
 * <p>Not thread-safe: sorts the caller's arrays in place.
 */
final class RadixSort {

  private RadixSort() {}

  /** Sorts {@code keys[0..n)} ascending, moving {@code payload} along; stable. */
  static void sort(long[] keys, int[] payload, int n, int keyBits) {
    long[] k2 = new long[n];
    int[] p2 = new int[n];
    int[] count = new int[1 << 16];
    long[] srcK = keys;
    int[] srcP = payload;
    long[] dstK = k2;
    int[] dstP = p2;
    int passes = (keyBits + 15) / 16;
    for (int pass = 0; pass < passes; pass++) {
      int shift = 16 * pass;
      java.util.Arrays.fill(count, 0);
      for (int i = 0; i < n; i++) {
        count[(int) ((srcK[i] >>> shift) & 0xFFFF)]++;
      }
      int sum = 0;
      for (int d = 0; d < count.length; d++) {
        int c = count[d];
        count[d] = sum;
        sum += c;
      }
      for (int i = 0; i < n; i++) {
        int d = (int) ((srcK[i] >>> shift) & 0xFFFF);
        int to = count[d]++;
        dstK[to] = srcK[i];
        dstP[to] = srcP[i];
      }
      long[] tk = srcK;
      srcK = dstK;
      dstK = tk;
      int[] tp = srcP;
      srcP = dstP;
      dstP = tp;
    }
    if (srcK != keys) {
      System.arraycopy(srcK, 0, keys, 0, n);
      System.arraycopy(srcP, 0, payload, 0, n);
    }
  }
}
