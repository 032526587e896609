package dev.blocks.orderbook;

/**
 * An open-addressing hash map from order id ({@code long}) to pool slot ({@code int}) with linear
 * probing and backward-shift deletion (Knuth, TAOCP vol. 3, 6.4, Algorithm R), so that it never
 * needs tombstones and never allocates after construction.
 *
 * <p>Keys and values share one array, so a lookup touches one cache line. The bucket of an id keeps
 * its low four bits and scrambles the rest (Fibonacci hashing of {@code id >>> 4}): sixteen
 * consecutive ids, the common case for an exchange's order ids, share a 256-byte run of sixteen
 * buckets (four cache lines, filled in sequence), so the duplicate-id check of a new order usually
 * finds its bucket in cache, where its predecessor was just put, while blocks and patterned ids
 * still spread over the whole table. (Measured on the bench flow: blocks of 1 id, i.e. plain
 * Fibonacci hashing, made the id index the engine's main cost.)
 *
 * <p>Not thread-safe.
 */
final class OrderIndex {
  static final int MISSING = -1;

  private final long[] table; // [2b] = key, [2b + 1] = value or MISSING
  private final int mask;
  private final int shift;
  private int size;

  /** Creates a map for at most {@code capacity} entries, at a load factor of at most 0.5. */
  OrderIndex(int capacity) {
    int buckets = Math.max(32, Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1);
    table = new long[2 * buckets];
    mask = buckets - 1;
    shift = 64 - (Integer.numberOfTrailingZeros(buckets) - 4);
    clear();
  }

  private int bucket(long key) {
    return (int) (((key >>> 4) * 0x9E3779B97F4A7C15L) >>> shift) << 4 | (int) (key & 15);
  }

  int size() {
    return size;
  }

  /** Returns the slot of {@code key}, or {@link #MISSING}. */
  int get(long key) {
    return valueAt(find(key));
  }

  /**
   * Returns the bucket holding {@code key}, or (if absent) the empty bucket where {@link #putAt}
   * would put it; valid until the next change to the map.
   */
  int find(long key) {
    long[] t = table;
    int b = bucket(key);
    while (true) {
      if ((int) t[2 * b + 1] == MISSING || t[2 * b] == key) {
        return b;
      }
      b = (b + 1) & mask;
    }
  }

  /** The slot in bucket {@code b} (from {@link #find}), or {@link #MISSING} if it is empty. */
  int valueAt(int b) {
    return (int) table[2 * b + 1];
  }

  /** Puts {@code key} into the empty bucket {@code b} that {@link #find} returned for it. */
  void putAt(int b, long key, int value) {
    table[2 * b] = key;
    table[2 * b + 1] = value;
    size++;
  }

  /** Maps {@code key} to {@code value}; the key must be absent. */
  void put(long key, int value) {
    long[] t = table;
    int b = bucket(key);
    while ((int) t[2 * b + 1] != MISSING) {
      b = (b + 1) & mask;
    }
    t[2 * b] = key;
    t[2 * b + 1] = value;
    size++;
  }

  /** Removes {@code key} if present. */
  void remove(long key) {
    int b = find(key);
    if (valueAt(b) != MISSING) {
      removeAt(b);
    }
  }

  /** Removes the entry in the full bucket {@code b} (from {@link #find}). */
  void removeAt(int b) {
    long[] t = table;
    size--;
    // Backward shift: move later entries of the probe run into the hole when allowed.
    int hole = b;
    int i = (b + 1) & mask;
    while ((int) t[2 * i + 1] != MISSING) {
      int home = bucket(t[2 * i]);
      // The entry at i may move to the hole if its home is not in the cyclic range (hole, i].
      if (((i - home) & mask) >= ((i - hole) & mask)) {
        t[2 * hole] = t[2 * i];
        t[2 * hole + 1] = t[2 * i + 1];
        hole = i;
      }
      i = (i + 1) & mask;
    }
    t[2 * hole + 1] = MISSING;
  }

  void clear() {
    for (int b = 1; b < table.length; b += 2) {
      table[b] = MISSING;
    }
    size = 0;
  }
}
