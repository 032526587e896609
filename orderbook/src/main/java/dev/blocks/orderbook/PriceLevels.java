package dev.blocks.orderbook;

/**
 * The engine's preallocated price-level records, shared by both sides: one 64-byte record (8 longs)
 * per level holding its price, displayed volume, the head and tail order slots of its intrusive
 * FIFO queue and its order count, and a LIFO free list of levels.
 *
 * <p>Not thread-safe: owned by one {@link MatchingEngine}.
 */
final class PriceLevels {
  private static final int PRICE = 0;
  private static final int VOLUME = 1;
  private static final int HEAD = 2;
  private static final int TAIL = 3;
  private static final int COUNT = 4;

  private final long[] lv;
  private final int[] free;
  private int freeTop;

  PriceLevels(int capacity) {
    lv = new long[capacity << 3];
    free = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      free[i] = capacity - 1 - i;
    }
    freeTop = capacity;
  }

  /** Takes a level holding the single order {@code slot} (volume 0; the caller adds it). */
  int allocate(long price, int slot) {
    int l = free[--freeTop];
    int b = l << 3;
    lv[b + PRICE] = price;
    lv[b + VOLUME] = 0;
    lv[b + HEAD] = slot;
    lv[b + TAIL] = slot;
    lv[b + COUNT] = 1;
    return l;
  }

  void free(int level) {
    free[freeTop++] = level;
  }

  long price(int level) {
    return lv[(level << 3) + PRICE];
  }

  long volume(int level) {
    return lv[(level << 3) + VOLUME];
  }

  void volume(int level, long volume) {
    lv[(level << 3) + VOLUME] = volume;
  }

  int head(int level) {
    return (int) lv[(level << 3) + HEAD];
  }

  void head(int level, int slot) {
    lv[(level << 3) + HEAD] = slot;
  }

  int tail(int level) {
    return (int) lv[(level << 3) + TAIL];
  }

  void tail(int level, int slot) {
    lv[(level << 3) + TAIL] = slot;
  }

  int count(int level) {
    return (int) lv[(level << 3) + COUNT];
  }

  void count(int level, int count) {
    lv[(level << 3) + COUNT] = count;
  }
}
