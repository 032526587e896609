package dev.blocks.orderbook;

/**
 * An open-addressing hash map from order id ({@code long}) to pool slot ({@code int}) with linear
 * probing and backward-shift deletion (Knuth, TAOCP vol. 3, 6.4, Algorithm R), so that it never
 * needs tombstones and never allocates after construction.
 *
 * <p>Not thread-safe.
 */
final class OrderIndex {
  static final int MISSING = -1;

  private final long[] keys;
  private final int[] values; // MISSING marks an empty bucket
  private final int mask;
  private final int shift;
  private int size;

  /** Creates a map for at most {@code capacity} entries, at a load factor of at most 0.5. */
  OrderIndex(int capacity) {
    int buckets = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
    keys = new long[buckets];
    values = new int[buckets];
    java.util.Arrays.fill(values, MISSING);
    mask = buckets - 1;
    shift = 64 - Integer.numberOfTrailingZeros(buckets);
  }

  private int bucket(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }

  int size() {
    return size;
  }

  /** Returns the slot of {@code key}, or {@link #MISSING}. */
  int get(long key) {
    int b = bucket(key);
    while (true) {
      int v = values[b];
      if (v == MISSING || keys[b] == key) {
        return v;
      }
      b = (b + 1) & mask;
    }
  }

  /** Maps {@code key} to {@code value}; the key must be absent. */
  void put(long key, int value) {
    int b = bucket(key);
    while (values[b] != MISSING) {
      b = (b + 1) & mask;
    }
    keys[b] = key;
    values[b] = value;
    size++;
  }

  /** Removes {@code key} if present. */
  void remove(long key) {
    int b = bucket(key);
    while (true) {
      int v = values[b];
      if (v == MISSING) {
        return;
      }
      if (keys[b] == key) {
        break;
      }
      b = (b + 1) & mask;
    }
    size--;
    // Backward shift: move later entries of the probe run into the hole when allowed.
    int hole = b;
    int i = (b + 1) & mask;
    while (values[i] != MISSING) {
      int home = bucket(keys[i]);
      // The entry at i may move to the hole if its home is not in the cyclic range (hole, i].
      if (((i - home) & mask) >= ((i - hole) & mask)) {
        keys[hole] = keys[i];
        values[hole] = values[i];
        hole = i;
      }
      i = (i + 1) & mask;
    }
    values[hole] = MISSING;
  }

  void clear() {
    java.util.Arrays.fill(values, MISSING);
    size = 0;
  }
}
