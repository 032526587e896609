package dev.blocks.orderbook;

import static dev.blocks.orderbook.OrderPool.NIL;

import java.io.DataOutput;
import java.io.IOException;

/**
 * One side of the book: its price levels in priority order and the FIFO queue of resting orders at
 * each level. Every change of a level's displayed volume goes to the listener's {@link
 * OrderBookListener#onLevelChanged} (0 when the level disappears).
 *
 * <p>Levels are kept in an array sorted by key ascending with the best level last, where the key is
 * the price for bids and the negated price for asks: the best level is found in O(1), a level near
 * the best price is inserted or removed by moving few entries, and any other level is found by a
 * short scan from the best end, then binary search. A direct-mapped cache of recently used prices
 * (by their low bits) finds the level of an existing price without either.
 *
 * <p>Not thread-safe: owned by one {@link MatchingEngine}.
 */
final class BookSide {
  private final Side side;
  private final boolean buy;
  private final OrderPool pool;
  private final PriceLevels levels;
  private final OrderBookListener listener;
  private final boolean levelEvents;
  private final long[] keys;

  /**
   * The level of each recently used price, by the price's low bits (a direct-mapped cache; an entry
   * counts only if the level's price matches): placing an order at a price that already has a level
   * usually finds it here without a search.
   */
  private final int[] recent = new int[RECENT_MASK + 1];

  private static final int RECENT_MASK = 1023;
  private final int[] byPosition;
  private int count;

  BookSide(
      Side side,
      int capacity,
      OrderPool pool,
      PriceLevels levels,
      OrderBookListener listener,
      boolean levelEvents) {
    this.side = side;
    this.buy = side == Side.BUY;
    this.pool = pool;
    this.levels = levels;
    this.listener = listener;
    this.levelEvents = levelEvents;
    keys = new long[capacity];
    java.util.Arrays.fill(recent, NIL);
    byPosition = new int[capacity];
  }

  Side side() {
    return side;
  }

  /** The number of price levels. */
  int levelCount() {
    return count;
  }

  /** The best level, or {@link OrderPool#NIL} if the side is empty. */
  int best() {
    return count == 0 ? NIL : byPosition[count - 1];
  }

  /** The level after {@code level} in priority order, or {@link OrderPool#NIL}. */
  int nextWorse(int level) {
    int pos = position(key(levels.price(level)));
    return pos <= 0 ? NIL : byPosition[pos - 1];
  }

  /** The level at {@code price}, or {@link OrderPool#NIL}. */
  int levelAt(long price) {
    int pos = position(key(price));
    return pos < 0 ? NIL : byPosition[pos];
  }

  /** Drops the level {@code lvl}, about to be freed, from {@link #recent}. */
  private void forget(int lvl) {
    int c = (int) levels.price(lvl) & RECENT_MASK;
    if (recent[c] == lvl) {
      recent[c] = NIL;
    }
  }

  /** Whether an order of the other side at {@code price} would reach this side's best level. */
  boolean reachedBy(long price) {
    if (count == 0) {
      return false;
    }
    long best = levels.price(byPosition[count - 1]);
    return buy ? price <= best : price >= best;
  }

  private long key(long price) {
    return buy ? price : -price;
  }

  /** How many levels from the best end {@link #find} scans before it falls back to a search. */
  private static final int SCAN = 8;

  /**
   * The position of {@code key}, or -(insertion point) - 1 if absent, like {@link #position}, but
   * first scanning the {@link #SCAN} levels next to the best one: new orders mostly arrive near the
   * best price, where a short scan costs fewer mispredicted branches than a binary search.
   */
  private int find(long key) {
    long[] keys = this.keys;
    int n = count;
    int stop = n > SCAN ? n - SCAN : 0;
    for (int i = n - 1; i >= stop; i--) {
      long k = keys[i];
      if (k <= key) {
        return k == key ? i : -(i + 1) - 1;
      }
    }
    return stop == 0 ? -1 : position(key, stop - 1);
  }

  /** Binary search for {@code key}; -(insertion point) - 1 if absent. */
  private int position(long key) {
    return position(key, count - 1);
  }

  /** Binary search for {@code key} in positions [0, hi]; -(insertion point) - 1 if absent. */
  private int position(long key, int hi) {
    long[] keys = this.keys;
    int lo = 0;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long k = keys[mid];
      if (k < key) {
        lo = mid + 1;
      } else if (k > key) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  /** Appends the order in {@code slot} to the back of the level at its price, creating it. */
  void rest(int slot) {
    OrderPool pool = this.pool;
    PriceLevels levels = this.levels;
    long price = pool.price(slot);
    int cached = recent[(int) price & RECENT_MASK];
    int pos;
    if (cached != NIL && levels.price(cached) == price) {
      pos = 0;
    } else {
      pos = find(key(price));
      cached = pos >= 0 ? byPosition[pos] : NIL;
    }
    int lvl;
    if (pos >= 0) {
      lvl = cached;
      recent[(int) price & RECENT_MASK] = lvl;
      int tail = levels.tail(lvl);
      pool.next(tail, slot);
      pool.links(slot, tail, NIL);
      levels.tail(lvl, slot);
      levels.count(lvl, levels.count(lvl) + 1);
    } else {
      int n = count;
      long k = key(price);
      int at = -pos - 1;
      lvl = levels.allocate(price, slot);
      recent[(int) price & RECENT_MASK] = lvl;
      System.arraycopy(keys, at, keys, at + 1, n - at);
      System.arraycopy(byPosition, at, byPosition, at + 1, n - at);
      keys[at] = k;
      byPosition[at] = lvl;
      count = n + 1;
      pool.links(slot, NIL, NIL);
    }
    pool.level(slot, lvl);
    long volume = levels.volume(lvl) + pool.visible(slot);
    levels.volume(lvl, volume);
    if (levelEvents) {
      listener.onLevelChanged(side, price, volume);
    }
  }

  /** Unlinks the resting order in {@code slot} from its level, removing an emptied level. */
  void remove(int slot) {
    OrderPool pool = this.pool;
    PriceLevels levels = this.levels;
    int lvl = pool.level(slot);
    int prev = pool.prev(slot);
    int next = pool.next(slot);
    if (prev == NIL) {
      levels.head(lvl, next);
    } else {
      pool.next(prev, next);
    }
    if (next == NIL) {
      levels.tail(lvl, prev);
    } else {
      pool.prev(next, prev);
    }
    pool.level(slot, NIL);
    long volume = levels.volume(lvl) - pool.visible(slot);
    levels.volume(lvl, volume);
    int left = levels.count(lvl) - 1;
    levels.count(lvl, left);
    if (left == 0) {
      int n = count;
      int pos = byPosition[n - 1] == lvl ? n - 1 : find(key(levels.price(lvl)));
      System.arraycopy(keys, pos + 1, keys, pos, n - pos - 1);
      System.arraycopy(byPosition, pos + 1, byPosition, pos, n - pos - 1);
      count = n - 1;
      forget(lvl);
      levels.free(lvl);
    }
    if (levelEvents) {
      listener.onLevelChanged(side, levels.price(lvl), volume);
    }
  }

  /** {@link #consume}: the order is still resting. */
  static final int PARTIAL = 0;

  /** {@link #consume}: the order is done and unlinked; the level remains. */
  static final int FILLED = 1;

  /** {@link #consume}: the order is done and its level (the best) is gone. */
  static final int LEVEL_GONE = 2;

  /**
   * Takes {@code t} from the visible quantity of the head order {@code m} of the best level {@code
   * lvl}: unlinks it when it is done (the caller releases it), refills a used-up iceberg to the
   * back of the level.
   */
  int consume(int m, int lvl, long t) {
    OrderPool pool = this.pool;
    PriceLevels levels = this.levels;
    long remaining = pool.remaining(m) - t;
    long visible = pool.visible(m) - t;
    pool.remaining(m, remaining);
    long volume = levels.volume(lvl) - t;
    if (remaining == 0) {
      int next = pool.next(m);
      if (next == NIL) {
        // m was the only order: the level (the best of its side) disappears.
        dropEmptiedBest(lvl);
        return LEVEL_GONE;
      }
      levels.head(lvl, next);
      pool.prev(next, NIL);
      levels.count(lvl, levels.count(lvl) - 1);
      pool.visible(m, visible);
      levels.volume(lvl, volume);
      if (levelEvents) {
        listener.onLevelChanged(side, levels.price(lvl), volume);
      }
      return FILLED;
    }
    if (visible == 0) {
      long display = pool.display(m);
      visible = display < remaining ? display : remaining;
      volume += visible;
      int next = pool.next(m);
      if (next != NIL) {
        // Refilled iceberg goes to the back of the queue.
        levels.head(lvl, next);
        pool.prev(next, NIL);
        int tail = levels.tail(lvl);
        pool.next(tail, m);
        pool.links(m, tail, NIL);
        levels.tail(lvl, m);
      }
    }
    pool.visible(m, visible);
    levels.volume(lvl, volume);
    if (levelEvents) {
      listener.onLevelChanged(side, levels.price(lvl), volume);
    }
    return PARTIAL;
  }

  /**
   * Unlinks the head order {@code m} of the best level {@code lvl}, just filled completely by
   * {@code t} (all of its remaining quantity, all shown), whose successor is {@code next}; the
   * caller releases it. Kept small (the rare empty-level case is a call) so that the JIT inlines it
   * into the matching loop.
   */
  void unlinkFilledHead(int m, int lvl, int next, long t) {
    if (next == NIL) {
      dropEmptiedBest(lvl);
      return;
    }
    PriceLevels levels = this.levels;
    pool.prev(next, NIL);
    levels.head(lvl, next);
    levels.count(lvl, levels.count(lvl) - 1);
    long volume = levels.volume(lvl) - t;
    levels.volume(lvl, volume);
    if (levelEvents) {
      listener.onLevelChanged(side, levels.price(lvl), volume);
    }
  }

  /** Removes the best level, whose last order was just filled, and reports its volume as 0. */
  private void dropEmptiedBest(int lvl) {
    levels.head(lvl, NIL);
    levels.tail(lvl, NIL);
    levels.count(lvl, 0);
    levels.volume(lvl, 0);
    count--;
    forget(lvl);
    levels.free(lvl);
    if (levelEvents) {
      listener.onLevelChanged(side, levels.price(lvl), 0);
    }
  }

  /** Lowers a resting order's remaining quantity in place (it keeps its priority). */
  void reduce(int slot, long quantity) {
    pool.remaining(slot, quantity);
    long visible = pool.visible(slot);
    if (quantity < visible) {
      int lvl = pool.level(slot);
      pool.visible(slot, quantity);
      long volume = levels.volume(lvl) - (visible - quantity);
      levels.volume(lvl, volume);
      if (levelEvents) {
        listener.onLevelChanged(side, levels.price(lvl), volume);
      }
    }
  }

  // ------------------------------------------------------------------ queries

  long volumeAt(long price) {
    int lvl = levelAt(price);
    return lvl == NIL ? 0 : levels.volume(lvl);
  }

  long volumeBetween(long low, long high) {
    long sum = 0;
    for (int pos = count - 1; pos >= 0; pos--) {
      long p = levels.price(byPosition[pos]);
      if (p >= low && p <= high) {
        sum += levels.volume(byPosition[pos]);
      }
    }
    return sum;
  }

  int depth(long[] prices, long[] quantities) {
    int n = Math.min(prices.length, count);
    for (int i = 0; i < n; i++) {
      int lvl = byPosition[count - 1 - i];
      prices[i] = levels.price(lvl);
      quantities[i] = levels.volume(lvl);
    }
    return n;
  }

  void forEachOrder(OrderVisitor visitor) {
    for (int pos = count - 1; pos >= 0; pos--) {
      for (int m = levels.head(byPosition[pos]); m != NIL; m = pool.next(m)) {
        visitor.visit(
            pool.id(m), pool.owner(m), side, pool.price(m), pool.remaining(m), pool.visible(m));
      }
    }
  }

  long hash(long h) {
    h = OrderPool.mix(h, count);
    for (int pos = count - 1; pos >= 0; pos--) {
      int lvl = byPosition[pos];
      h = OrderPool.mix(h, levels.price(lvl));
      for (int m = levels.head(lvl); m != NIL; m = pool.next(m)) {
        h = pool.hash(h, m);
      }
    }
    return h;
  }

  /** Writes the number of resting orders, then each in priority order. */
  void write(DataOutput out) throws IOException {
    int orders = 0;
    for (int pos = 0; pos < count; pos++) {
      orders += levels.count(byPosition[pos]);
    }
    out.writeInt(orders);
    for (int pos = count - 1; pos >= 0; pos--) {
      for (int m = levels.head(byPosition[pos]); m != NIL; m = pool.next(m)) {
        pool.write(out, m);
      }
    }
  }
}
