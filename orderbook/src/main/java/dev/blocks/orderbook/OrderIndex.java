package dev.blocks.orderbook;

/**
 * An open-addressing hash map from order id ({@code long}) to pool slot ({@code int}) with linear
 * probing in Robin Hood order and backward-shift deletion (Celis, Larson and Munro, "Robin Hood
 * Hashing", FOCS 1985), so that it never needs tombstones and never allocates after construction.
 *
 * <p>An entry is one {@code long}, its home bucket and its slot; the key itself is not stored,
 * since the order record in the slot holds it ({@link OrderPool#id}): the map only ever maps an id
 * to the slot whose record carries that id. So the table takes 8 bytes a bucket instead of 16, half
 * the cache footprint, and a lookup that finds its id reads the order's record to confirm it, which
 * every caller that finds an order reads next anyway. Entries of other homes are told apart by
 * their stored home without reading any record; only entries of the same home bucket (rare) cost a
 * record read each.
 *
 * <p>The bucket of an id keeps its low four bits and scrambles the rest (Fibonacci hashing of
 * {@code id >>> 4}): sixteen consecutive ids, the common case for an exchange's order ids, share a
 * 128-byte run of sixteen buckets (two cache lines, filled in sequence), so the duplicate-id check
 * of a new order usually finds its bucket in cache, where its predecessor was just put, while
 * blocks and patterned ids still spread over the whole table. (Measured on the bench flow: blocks
 * of 1 id, i.e. plain Fibonacci hashing, made the id index the engine's main cost.)
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

  private final OrderPool pool;
  private final long[] table; // [b] = home << 32 | slot, or EMPTY; the key is pool.id(slot)
  private final int mask;
  private final int shift;
  private int size;

  /**
   * Creates a map for at most {@code capacity} entries, at a load factor of at most 0.5, whose keys
   * are the ids of the records of {@code pool}: a key may only be mapped to a slot whose record
   * holds that id, for as long as the entry stays.
   */
  OrderIndex(int capacity, OrderPool pool) {
    this.pool = pool;
    int buckets = Math.max(32, Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1);
    table = new long[buckets];
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
      long v = t[b];
      if (v == EMPTY) {
        return -1 - b;
      }
      int h = (int) (v >>> 32);
      if (h == home) {
        if (pool.id((int) v) == key) {
          return b;
        }
      } else if (((b - h) & mask) < ((b - home) & mask)) {
        return -1 - b;
      }
      b = (b + 1) & mask;
    }
  }

  /**
   * Returns the bucket of the entry mapping {@code key} to {@code slot}, or a negative number if
   * there is none; reads no order record.
   */
  int find(long key, int slot) {
    long[] t = table;
    int mask = this.mask;
    int home = bucket(key);
    long entry = (long) home << 32 | (slot & 0xFFFFFFFFL);
    int b = home;
    while (true) {
      long v = t[b];
      if (v == entry) {
        return b;
      }
      if (v == EMPTY || ((b - (int) (v >>> 32)) & mask) < ((b - home) & mask)) {
        return -1 - b;
      }
      b = (b + 1) & mask;
    }
  }

  /**
   * The slot in bucket {@code b} (from {@link #find}), or {@link #MISSING} if the key is absent.
   */
  int valueAt(int b) {
    return b < 0 ? MISSING : (int) table[b];
  }

  /**
   * Returns the raw entry in the home bucket of {@code key}: a read whose only purpose is to bring
   * that bucket's cache line in before the key is searched or removed.
   */
  long homeEntry(long key) {
    return table[bucket(key)];
  }

  /**
   * Replaces the value in bucket {@code b} (from {@link #find}, not negative) by {@code value}, a
   * slot whose record holds the same key.
   */
  void valueAt(int b, int value) {
    long[] t = table;
    t[b] = (t[b] & 0xFFFFFFFF00000000L) | (value & 0xFFFFFFFFL);
  }

  /** Maps the absent {@code key} to {@code value}, a slot whose record holds {@code key}. */
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
    long v = (long) bucket(key) << 32 | (value & 0xFFFFFFFFL);
    while (true) {
      long resident = t[b];
      t[b] = v;
      if (resident == EMPTY) {
        break;
      }
      // Every entry from here on is at least as near its home as the one just placed: the evicted
      // one takes the next bucket, which keeps the run sorted by home.
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
      long v = t[i];
      if (v == EMPTY || (int) (v >>> 32) == i) {
        break;
      }
      t[hole] = v;
      hole = i;
      i = (i + 1) & mask;
    }
    t[hole] = EMPTY;
  }

  void clear() {
    java.util.Arrays.fill(table, EMPTY);
    size = 0;
  }
}
