package dev.blocks.ledger;

import java.util.Arrays;

/**
 * Open-addressing hash map from a 128-bit key to a non-negative int (a slot in column arrays).
 *
 * <p>Linear probing over a power-of-two table whose entries {@code [hi, lo, value + 1]} sit next to
 * each other in one {@code long[]}, so a lookup usually costs one cache miss; deletion by backward
 * shift (Knuth, TAOCP vol. 3, 6.4, Algorithm R) so no tombstones accumulate. {@link #get} and
 * {@link #put} allocate nothing unless the table grows. Not thread-safe.
 */
final class IdIndex {
  private long[] table; // [hi, lo, value + 1] per entry; value + 1 == 0 means empty
  private int mask;
  private int size;
  private int limit;

  IdIndex(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    allocate(cap);
  }

  /** An independent copy. */
  IdIndex copy() {
    IdIndex c = new IdIndex(16);
    c.table = table.clone();
    c.mask = mask;
    c.size = size;
    c.limit = limit;
    return c;
  }

  private void allocate(int cap) {
    table = new long[cap * 3];
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
    long[] t = table;
    int i = hash(h, l) & mask;
    while (true) {
      int p = i * 3;
      long v = t[p + 2];
      if (v == 0) {
        return -1;
      }
      if (t[p + 1] == l && t[p] == h) {
        return (int) v - 1;
      }
      i = (i + 1) & mask;
    }
  }

  /** Inserts a key known to be absent. */
  void put(long h, long l, int value) {
    if (size >= limit) {
      grow();
    }
    long[] t = table;
    int i = hash(h, l) & mask;
    while (t[i * 3 + 2] != 0) {
      i = (i + 1) & mask;
    }
    int p = i * 3;
    t[p] = h;
    t[p + 1] = l;
    t[p + 2] = value + 1L;
    size++;
  }

  /** Removes the key if present. */
  void remove(long h, long l) {
    long[] t = table;
    int i = hash(h, l) & mask;
    while (true) {
      int p = i * 3;
      if (t[p + 2] == 0) {
        return;
      }
      if (t[p + 1] == l && t[p] == h) {
        break;
      }
      i = (i + 1) & mask;
    }
    size--;
    int gap = i;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      int q = j * 3;
      if (t[q + 2] == 0) {
        break;
      }
      int home = hash(t[q], t[q + 1]) & mask;
      // move j into the gap unless its home is cyclically in (gap, j]
      boolean between = gap <= j ? (gap < home && home <= j) : (gap < home || home <= j);
      if (!between) {
        int g = gap * 3;
        t[g] = t[q];
        t[g + 1] = t[q + 1];
        t[g + 2] = t[q + 2];
        gap = j;
      }
    }
    int g = gap * 3;
    t[g] = 0;
    t[g + 1] = 0;
    t[g + 2] = 0;
  }

  void clear() {
    Arrays.fill(table, 0);
    size = 0;
  }

  private void grow() {
    long[] old = table;
    allocate((mask + 1) * 2);
    size = 0;
    for (int p = 0; p < old.length; p += 3) {
      if (old[p + 2] != 0) {
        put(old[p], old[p + 1], (int) old[p + 2] - 1);
      }
    }
  }

  /** Calls {@code consumer} for each key, in table order. */
  void forEach(KeyConsumer consumer) {
    for (int p = 0; p < table.length; p += 3) {
      if (table[p + 2] != 0) {
        consumer.accept(table[p], table[p + 1], (int) table[p + 2] - 1);
      }
    }
  }

  interface KeyConsumer {
    void accept(long hi, long lo, int value);
  }
}
