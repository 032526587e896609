package dev.blocks.orderbook;

/**
 * An open-addressing hash map from order id ({@code long}) to pool slot ({@code int}) with linear
 * probing in Robin Hood order and backward-shift deletion (Celis, Larson and Munro, "Robin Hood
 * Hashing", FOCS 1985), so that it never needs tombstones and never allocates after construction.
 *
 * <p>An entry is one {@code int}: the slot (plus one, so that 0 means empty) and the entry's
 * distance from its home bucket. The key itself is not stored, since the order record in the slot
 * holds it ({@link OrderPool#id}): the map only ever maps an id to the slot whose record carries
 * that id. So the table takes 4 bytes a bucket instead of 16 for a key, a home and a value, a
 * quarter of the cache footprint, and a lookup that finds its id reads the order's record to
 * confirm it, which every caller that finds an order reads next anyway. Entries of other homes are
 * told apart by their distance without reading any record; only entries of the same home bucket
 * (rare) cost a record read each. The distance is kept in 7 bits; an entry further than {@link
 * #FAR} from home (never seen at this load factor, but possible for adversarial ids) stores {@code
 * FAR} and its distance is recomputed from its record's id when needed.
 *
 * <p>The bucket of an id keeps its low four bits and scrambles the rest (Fibonacci hashing of
 * {@code id >>> 4}): sixteen consecutive ids, the common case for an exchange's order ids, share a
 * 64-byte run of sixteen buckets, so the duplicate-id check of a new order usually finds its bucket
 * in cache, where its predecessor was just put, while blocks and patterned ids still spread over
 * the whole table. (Measured on the bench flow: blocks of 1 id, i.e. plain Fibonacci hashing, made
 * the id index the engine's main cost.)
 *
 * <p>Robin Hood order keeps every probe run sorted by home bucket. So a search for an absent id
 * stops at the first entry that is nearer its home than the search is to its own, and a deletion
 * shifts back only the entries that are away from their home, stopping at the first one that is at
 * home. With runs of consecutive ids, most entries are at home: a deletion usually looks at one
 * more entry, where plain linear probing had to scan the rest of the run.
 *
 * <p>Not thread-safe.
 */
final class OrderIndex {
  static final int MISSING = -1;

  private static final int EMPTY = 0;

  /** Bits of an entry below its distance: the slot plus one (slots are below 2^24). */
  private static final int DIST_SHIFT = 25;

  private static final int VALUE_MASK = (1 << DIST_SHIFT) - 1;

  /** The largest distance an entry stores; a larger one is recomputed from the record's id. */
  static final int FAR = 127;

  private final int far;

  private final OrderPool pool;
  private final int[] table; // [b] = distance << DIST_SHIFT | (slot + 1), or EMPTY
  private final int mask;
  private final int shift;
  private int size;

  /**
   * Creates a map for at most {@code capacity} entries, at a load factor of at most 0.5, whose keys
   * are the ids of the records of {@code pool}: a key may only be mapped to a slot whose record
   * holds that id, for as long as the entry stays, and a slot to at most one key.
   */
  OrderIndex(int capacity, OrderPool pool) {
    this(capacity, pool, FAR);
  }

  /**
   * As {@link #OrderIndex(int, OrderPool)}, but entries further than {@code far} (in [1, {@link
   * #FAR}]) from home store {@code far} instead of their distance (for tests of that path).
   */
  OrderIndex(int capacity, OrderPool pool, int far) {
    this.pool = pool;
    this.far = far;
    int buckets = Math.max(32, Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1);
    table = new int[buckets];
    mask = buckets - 1;
    shift = 64 - (Integer.numberOfTrailingZeros(buckets) - 4);
  }

  private int bucket(long key) {
    return (int) (((key >>> 4) * 0x9E3779B97F4A7C15L) >>> shift) << 4 | (int) (key & 15);
  }

  /** The distance from its home of the entry {@code e} (not empty) in bucket {@code b}. */
  private int distance(int e, int b) {
    int d = e >>> DIST_SHIFT;
    return d < far ? d : (b - bucket(pool.id((e & VALUE_MASK) - 1))) & mask;
  }

  private int entry(int distance, int slot) {
    return Math.min(distance, far) << DIST_SHIFT | (slot + 1);
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
    int[] t = table;
    int mask = this.mask;
    int b = bucket(key);
    for (int d = 0; ; d++) {
      int e = t[b];
      if (e == EMPTY) {
        return -1 - b;
      }
      int ed = distance(e, b);
      if (ed == d) {
        if (pool.id((e & VALUE_MASK) - 1) == key) {
          return b;
        }
      } else if (ed < d) {
        return -1 - b;
      }
      b = (b + 1) & mask;
    }
  }

  /**
   * Returns the bucket of the entry mapping {@code key} to {@code slot}, or a negative number if
   * there is none; reads no order record (short of an entry further than {@link #FAR} from home).
   */
  int find(long key, int slot) {
    int[] t = table;
    int mask = this.mask;
    int b = bucket(key);
    for (int d = 0; ; d++) {
      int e = t[b];
      if (e == EMPTY) {
        return -1 - b;
      }
      if ((e & VALUE_MASK) == slot + 1) {
        return b;
      }
      if (distance(e, b) < d) {
        return -1 - b;
      }
      b = (b + 1) & mask;
    }
  }

  /**
   * The slot in bucket {@code b} (from {@link #find}), or {@link #MISSING} if the key is absent.
   */
  int valueAt(int b) {
    return b < 0 ? MISSING : (table[b] & VALUE_MASK) - 1;
  }

  /**
   * Returns the entry in the home bucket of {@code key}: a read whose only purpose is to bring that
   * bucket's cache line in before the key is searched or removed.
   */
  int homeEntry(long key) {
    return table[bucket(key)];
  }

  /**
   * Replaces the value in bucket {@code b} (from {@link #find}, not negative) by {@code value}, a
   * slot whose record holds the same key.
   */
  void valueAt(int b, int value) {
    int[] t = table;
    t[b] = (t[b] & ~VALUE_MASK) | (value + 1);
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
    int[] t = table;
    int mask = this.mask;
    int b = -1 - found;
    int e = entry((b - bucket(key)) & mask, value);
    while (true) {
      int resident = t[b];
      t[b] = e;
      if (resident == EMPTY) {
        break;
      }
      // Every entry from here on is at least as near its home as the one just placed: the evicted
      // one takes the next bucket, one further from its home, which keeps the run sorted by home.
      int d = distance(resident, b);
      b = (b + 1) & mask;
      e = entry(d + 1, (resident & VALUE_MASK) - 1);
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
    int[] t = table;
    int mask = this.mask;
    size--;
    int hole = b;
    int i = (b + 1) & mask;
    while (true) {
      int e = t[i];
      if (e == EMPTY || e >>> DIST_SHIFT == 0) {
        break;
      }
      t[hole] = entry(distance(e, i) - 1, (e & VALUE_MASK) - 1);
      hole = i;
      i = (i + 1) & mask;
    }
    t[hole] = EMPTY;
  }
}
