package dev.blocks.orderbook;

/**
 * An open-addressing hash map from order id ({@code long}) to pool slot ({@code int}) with linear
 * probing in Robin Hood order and backward-shift deletion (Celis, Larson and Munro, "Robin Hood
 * Hashing", FOCS 1985), so that it never needs tombstones and never allocates after construction.
 *
 * <p>Keys and values share one array, so a lookup touches one cache line. The bucket of an id keeps
 * its low four bits and scrambles the rest (Fibonacci hashing of {@code id >>> 4}): sixteen
 * consecutive ids, the common case for an exchange's order ids, share a 256-byte run of sixteen
 * buckets (four cache lines, filled in sequence), so the duplicate-id check of a new order usually
 * finds its bucket in cache, where its predecessor was just put, while blocks and patterned ids
 * still spread over the whole table. (Measured on the bench flow: blocks of 1 id, i.e. plain
 * Fibonacci hashing, made the id index the engine's main cost.)
 *
 * <p>Robin Hood order keeps every probe run sorted by home bucket, and each entry stores its home
 * bucket next to its value. So a search for an absent id stops at the first entry that is nearer
 * its home than the search is to its own, and a deletion shifts back only the entries that are away
 * from their home, stopping at the first one that is at home. With runs of consecutive ids, most
 * entries are at home: a deletion usually looks at one more entry, where plain linear probing had
 * to scan the rest of the run and recompute each entry's home.
 *
 * <p>Not thread-safe.
 */
final class OrderIndex {
  static final int MISSING = -1;

  private static final long EMPTY = -1L;

  private final long[] table; // [2b] = key, [2b + 1] = home << 32 | value, or EMPTY
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
   * Returns the bucket holding {@code key}, or (if absent) a negative number, {@code -1 - b} where
   * {@code b} is the bucket where {@link #putAt} would put it; valid until the next change to the
   * map.
   */
  int find(long key) {
    long[] t = table;
    int mask = this.mask;
    int home = bucket(key);
    int b = home;
    while (true) {
      long v = t[2 * b + 1];
      if (v == EMPTY || ((b - (int) (v >>> 32)) & mask) < ((b - home) & mask)) {
        return -1 - b;
      }
      if (t[2 * b] == key) {
        return b;
      }
      b = (b + 1) & mask;
    }
  }

  /**
   * The slot in bucket {@code b} (from {@link #find}), or {@link #MISSING} if the key is absent.
   */
  int valueAt(int b) {
    return b < 0 ? MISSING : (int) table[2 * b + 1];
  }

  /**
   * Returns the raw entry in the home bucket of {@code key}: a read whose only purpose is to bring
   * that bucket's cache line in before the key is searched or removed.
   */
  long homeEntry(long key) {
    return table[2 * bucket(key) + 1];
  }

  /** Replaces the value in bucket {@code b} (from {@link #find}, not negative) by {@code value}. */
  void valueAt(int b, int value) {
    long[] t = table;
    t[2 * b + 1] = (t[2 * b + 1] & 0xFFFFFFFF00000000L) | (value & 0xFFFFFFFFL);
  }

  /** Maps the absent {@code key} to {@code value}. */
  void put(long key, int value) {
    putAt(find(key), key, value);
  }

  /**
   * Puts the absent {@code key} where {@link #find} said ({@code found}, negative), moving the
   * entries from there on one bucket further until one fills an empty bucket (Robin Hood order).
   */
  void putAt(int found, long key, int value) {
    long[] t = table;
    int mask = this.mask;
    int b = -1 - found;
    long k = key;
    long v = (long) bucket(key) << 32 | (value & 0xFFFFFFFFL);
    while (true) {
      long resident = t[2 * b + 1];
      long residentKey = t[2 * b];
      t[2 * b] = k;
      t[2 * b + 1] = v;
      if (resident == EMPTY) {
        break;
      }
      // Every entry from here on is at least as near its home as the one just placed: the evicted
      // one takes the next bucket, which keeps the run sorted by home.
      k = residentKey;
      v = resident;
      b = (b + 1) & mask;
    }
    size++;
  }

  /** Removes {@code key} if present. */
  void remove(long key) {
    int b = find(key);
    if (b >= 0) {
      removeAt(b);
    }
  }

  /**
   * Removes the entry in bucket {@code b} (from {@link #find}, not negative): the following entries
   * that are away from their home move back one bucket, up to the first empty bucket or entry at
   * its home.
   */
  void removeAt(int b) {
    long[] t = table;
    int mask = this.mask;
    size--;
    int hole = b;
    int i = (b + 1) & mask;
    while (true) {
      long v = t[2 * i + 1];
      if (v == EMPTY || (int) (v >>> 32) == i) {
        break;
      }
      t[2 * hole] = t[2 * i];
      t[2 * hole + 1] = v;
      hole = i;
      i = (i + 1) & mask;
    }
    t[2 * hole + 1] = EMPTY;
  }

  void clear() {
    for (int b = 1; b < table.length; b += 2) {
      table[b] = EMPTY;
    }
    size = 0;
  }
}
