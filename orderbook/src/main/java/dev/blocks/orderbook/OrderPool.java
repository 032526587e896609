package dev.blocks.orderbook;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The engine's preallocated order records: one 64-byte record (8 longs) per slot in one {@code
 * long[]}, so that matching an order touches one cache line, and a LIFO free list of slots (a slot
 * freed a moment ago is reused first, while its line is still cached). Slot {@link #scratch()} is a
 * scratch record for incoming orders that never rest.
 *
 * <p>Record layout: id, price, remaining, visible, (unused), meta ({@code flags << 32 | level}),
 * owner, display quantity. The queue links live in two {@code int[]} arrays of their own (previous
 * and next slot), 4 bytes per slot, so that unlinking an order or appending one behind the tail of
 * its level writes its neighbours' links without loading their records, and a store needs no load
 * first. A pending stop's stop price lives in a separate (cold) array.
 *
 * <p>Not thread-safe: owned by one {@link MatchingEngine}.
 */
final class OrderPool {
  static final int NIL = -1;

  private static final int ID = 0;
  private static final int PRICE = 1;
  private static final int REM = 2;
  private static final int VIS = 3;
  private static final int META = 5;
  private static final int OWNER = 6;
  private static final int DISPLAY = 7;

  private static final int TYPE_SHIFT = 1;
  private static final int TIF_SHIFT = 3;
  private static final int STP_SHIFT = 5;
  private static final int POST_ONLY = 1 << 8;

  private final int capacity;
  private final long[] o;
  private final int[] prev;
  private final int[] next;
  private final long[] stopPrice;
  private final int[] free;
  private int freeTop;

  OrderPool(int capacity) {
    this.capacity = capacity;
    o = new long[(capacity + 1) << 3];
    prev = new int[capacity + 1];
    next = new int[capacity + 1];
    stopPrice = new long[capacity + 1];
    free = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      free[i] = capacity - 1 - i;
    }
    freeTop = capacity;
  }

  /** The slot for incoming orders that never rest (never handed out by {@link #allocate()}). */
  int scratch() {
    return capacity;
  }

  boolean isFull() {
    return freeTop == 0;
  }

  /** Takes a free slot; the caller checks {@link #isFull()} first. */
  int allocate() {
    return free[--freeTop];
  }

  /** Returns {@code slot} to the free list; the scratch slot is ignored. */
  void free(int slot) {
    if (slot != capacity) {
      free[freeTop++] = slot;
    }
  }

  static int flags(int side, int type, int timeInForce, int selfTradePrevention, boolean postOnly) {
    return side
        | type << TYPE_SHIFT
        | timeInForce << TIF_SHIFT
        | selfTradePrevention << STP_SHIFT
        | (postOnly ? POST_ONLY : 0);
  }

  /** Fills the record of {@code slot}: not linked, no level, nothing visible yet. */
  void init(int slot, long id, long owner, long price, long quantity, long display, int flags) {
    long[] o = this.o;
    int b = slot << 3;
    o[b + ID] = id;
    o[b + OWNER] = owner;
    o[b + PRICE] = price;
    o[b + REM] = quantity;
    o[b + VIS] = 0;
    o[b + DISPLAY] = display;
    o[b + META] = (long) flags << 32 | (NIL & 0xFFFFFFFFL);
  }

  long id(int slot) {
    return o[(slot << 3) + ID];
  }

  long owner(int slot) {
    return o[(slot << 3) + OWNER];
  }

  long price(int slot) {
    return o[(slot << 3) + PRICE];
  }

  void price(int slot, long price) {
    o[(slot << 3) + PRICE] = price;
  }

  long remaining(int slot) {
    return o[(slot << 3) + REM];
  }

  void remaining(int slot, long remaining) {
    o[(slot << 3) + REM] = remaining;
  }

  long visible(int slot) {
    return o[(slot << 3) + VIS];
  }

  void visible(int slot, long visible) {
    o[(slot << 3) + VIS] = visible;
  }

  long display(int slot) {
    return o[(slot << 3) + DISPLAY];
  }

  long stopPrice(int slot) {
    return stopPrice[slot];
  }

  void stopPrice(int slot, long price) {
    stopPrice[slot] = price;
  }

  int prev(int slot) {
    return prev[slot];
  }

  int next(int slot) {
    return next[slot];
  }

  void links(int slot, int prev, int next) {
    this.prev[slot] = prev;
    this.next[slot] = next;
  }

  void prev(int slot, int prev) {
    this.prev[slot] = prev;
  }

  void next(int slot, int next) {
    this.next[slot] = next;
  }

  /** The price level the order rests at, or {@link #NIL} (pending stop, or not resting). */
  int level(int slot) {
    return (int) o[(slot << 3) + META];
  }

  void level(int slot, int level) {
    int b = (slot << 3) + META;
    o[b] = (o[b] & 0xFFFFFFFF00000000L) | (level & 0xFFFFFFFFL);
  }

  int flags(int slot) {
    return (int) (o[(slot << 3) + META] >>> 32);
  }

  int side(int slot) {
    return flags(slot) & 1;
  }

  int type(int slot) {
    return (flags(slot) >>> TYPE_SHIFT) & 3;
  }

  void type(int slot, int type) {
    int b = (slot << 3) + META;
    long f = (o[b] >>> 32) & ~(3L << TYPE_SHIFT) | (long) type << TYPE_SHIFT;
    o[b] = f << 32 | (o[b] & 0xFFFFFFFFL);
  }

  int timeInForce(int slot) {
    return (flags(slot) >>> TIF_SHIFT) & 3;
  }

  int selfTradePrevention(int slot) {
    return (flags(slot) >>> STP_SHIFT) & 7;
  }

  boolean postOnly(int slot) {
    return (flags(slot) & POST_ONLY) != 0;
  }

  /** Mixes the record's attributes (not its links) into {@code h}. */
  long hash(long h, int slot) {
    int b = slot << 3;
    h = mix(h, o[b + ID]);
    h = mix(h, o[b + OWNER]);
    h = mix(h, o[b + PRICE]);
    h = mix(h, o[b + REM]);
    h = mix(h, o[b + VIS]);
    h = mix(h, o[b + DISPLAY]);
    return mix(h, flags(slot));
  }

  static long mix(long h, long x) {
    long z = (h ^ x) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  void write(DataOutput out, int slot) throws IOException {
    int b = slot << 3;
    out.writeLong(o[b + ID]);
    out.writeLong(o[b + OWNER]);
    out.writeLong(o[b + PRICE]);
    out.writeLong(o[b + REM]);
    out.writeLong(o[b + VIS]);
    out.writeLong(o[b + DISPLAY]);
    out.writeInt(flags(slot));
  }

  /**
   * Reads a record written by {@link #write} into a newly allocated slot and returns the slot.
   *
   * @throws IllegalStateException if the pool is full
   */
  int read(DataInput in) throws IOException {
    if (isFull()) {
      throw new IllegalStateException("snapshot holds more than capacity " + capacity + " orders");
    }
    int slot = allocate();
    int b = slot << 3;
    o[b + ID] = in.readLong();
    o[b + OWNER] = in.readLong();
    o[b + PRICE] = in.readLong();
    o[b + REM] = in.readLong();
    o[b + VIS] = in.readLong();
    o[b + DISPLAY] = in.readLong();
    o[b + META] = (long) in.readInt() << 32 | (NIL & 0xFFFFFFFFL);
    return slot;
  }
}
