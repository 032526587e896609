package dev.blocks.ledger;

import java.util.Arrays;

/**
 * Open-addressing hash map from a 128-bit key to a non-negative int (a slot in column arrays).
 *
 * <p>Linear probing over power-of-two tables, deletion by backward shift (Knuth, TAOCP vol. 3, 6.4,
 * Algorithm R) so no tombstones accumulate. {@link #get} and {@link #put} allocate nothing unless
 * the table grows. Not thread-safe.
 */
final class IdIndex {
  private long[] hi;
  private long[] lo;
  private int[] val; // slot + 1; 0 = empty
  private int mask;
  private int size;
  private int limit;

  IdIndex(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    allocate(cap);
  }

  private void allocate(int cap) {
    hi = new long[cap];
    lo = new long[cap];
    val = new int[cap];
    mask = cap - 1;
    limit = (int) (cap * 0.6);
  }

  static int hash(long h, long l) {
    long x = h * 0x9E3779B97F4A7C15L ^ l;
    x ^= x >>> 33;
    x *= 0xFF51AFD7ED558CCDL;
    x ^= x >>> 33;
    x *= 0xC4CEB9FE1A85EC53L;
    x ^= x >>> 33;
    return (int) x;
  }

  int size() {
    return size;
  }

  /** The value for the key, or -1. */
  int get(long h, long l) {
    int i = hash(h, l) & mask;
    while (true) {
      int v = val[i];
      if (v == 0) {
        return -1;
      }
      if (lo[i] == l && hi[i] == h) {
        return v - 1;
      }
      i = (i + 1) & mask;
    }
  }

  /** Inserts a key known to be absent. */
  void put(long h, long l, int value) {
    if (size >= limit) {
      grow();
    }
    int i = hash(h, l) & mask;
    while (val[i] != 0) {
      i = (i + 1) & mask;
    }
    hi[i] = h;
    lo[i] = l;
    val[i] = value + 1;
    size++;
  }

  /** Removes the key if present. */
  void remove(long h, long l) {
    int i = hash(h, l) & mask;
    while (true) {
      if (val[i] == 0) {
        return;
      }
      if (lo[i] == l && hi[i] == h) {
        break;
      }
      i = (i + 1) & mask;
    }
    size--;
    int gap = i;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      if (val[j] == 0) {
        break;
      }
      int home = hash(hi[j], lo[j]) & mask;
      // move j into the gap if its home is not cyclically in (gap, j]
      boolean between = gap <= j ? (gap < home && home <= j) : (gap < home || home <= j);
      if (!between) {
        hi[gap] = hi[j];
        lo[gap] = lo[j];
        val[gap] = val[j];
        gap = j;
      }
    }
    val[gap] = 0;
    hi[gap] = 0;
    lo[gap] = 0;
  }

  void clear() {
    Arrays.fill(val, 0);
    size = 0;
  }

  private void grow() {
    long[] oh = hi;
    long[] ol = lo;
    int[] ov = val;
    allocate(oh.length * 2);
    size = 0;
    for (int i = 0; i < ov.length; i++) {
      if (ov[i] != 0) {
        put(oh[i], ol[i], ov[i] - 1);
      }
    }
  }

  /** Calls {@code consumer} for each key, in table order. */
  void forEach(KeyConsumer consumer) {
    for (int i = 0; i < val.length; i++) {
      if (val[i] != 0) {
        consumer.accept(hi[i], lo[i], val[i] - 1);
      }
    }
  }

  interface KeyConsumer {
    void accept(long hi, long lo, int value);
  }
}
