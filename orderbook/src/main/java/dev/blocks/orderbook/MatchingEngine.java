package dev.blocks.orderbook;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * A limit order book and matching engine for one instrument: price levels with FIFO queues,
 * price-time priority, and every order type of {@link OrderType} and {@link TimeInForce}.
 *
 * <p>Prices are {@code long} ticks and quantities {@code long} lots. Trades print at the resting
 * (maker) order's price. Adding, cancelling and executing an order is O(1) apart from finding a new
 * price level (binary search over the side's levels, which are kept best-last so that levels near
 * the best price are cheap to insert): orders live in a preallocated pool of primitive arrays, each
 * level is an intrusive doubly linked list, and an open-addressing {@code long → int} index finds
 * an order by id. After construction the engine allocates nothing: events go to an {@link
 * OrderBookListener} as primitive callbacks.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>A new order with a live id (resting or a pending stop) is rejected before matching; so are
 *       a price or quantity of zero or less and the other cases of {@link RejectReason}. A rejected
 *       command changes nothing.
 *   <li>A market order is an IOC (or FOK) order whose price is a protection cap.
 *   <li>FOK fills completely or is cancelled with the book untouched. With self-trade prevention
 *       other than {@code NONE}, a FOK order is also killed when its owner has a resting order at
 *       any price level it would reach (it could not fill without self-trade prevention acting).
 *   <li>Post-only orders that would take are rejected with {@link RejectReason#WOULD_TAKE}; they
 *       are never re-priced.
 *   <li>Icebergs show at most their display quantity; when the shown part is used up it is refilled
 *       from the hidden part and the order goes to the back of its level. Depth queries and level
 *       events never include hidden quantity.
 *   <li>Stop and stop-limit orders wait outside the book; after each command the oldest pending
 *       stop whose stop price the last trade price has reached (a buy at or above, a sell at or
 *       below) is triggered and matched, then the next, until none is triggered.
 *   <li>Modify: the same price and a quantity not above the remaining one keeps priority; a larger
 *       quantity or a new price moves the order to the back of its (new) level, and a new price
 *       that crosses the book trades with the order as taker.
 *   <li>DAY orders (resting and pending) expire on {@link #expireSession()}, in priority order:
 *       bids best first, then asks, then pending stops oldest first.
 * </ul>
 *
 * <p>Example, the market buy that sweeps a level:
 *
 * {@snippet class=dev.blocks.orderbook.MatchingEngineSnippets region=sweep}
 *
 * <p>Not thread-safe: a single-writer state machine; confine it to one thread. The same commands
 * give the same events and the same {@link #stateHash()}.
 *
 * @since 0.1
 */
public final class MatchingEngine {

  /** {@link #lastTradePrice()} before the first trade. */
  public static final long NO_TRADE = 0;

  /** {@link #bestBid()} when there is no bid. */
  public static final long NO_BID = Long.MIN_VALUE;

  /** {@link #bestAsk()} when there is no ask. */
  public static final long NO_ASK = Long.MAX_VALUE;

  /** The largest capacity {@link Builder#capacity(int)} accepts. */
  public static final int MAX_CAPACITY = 1 << 24;

  private static final int NIL = -1;
  private static final int BUY = 0;
  private static final int SELL = 1;
  private static final Side[] SIDES = Side.values();
  private static final SelfTradePrevention[] STPS = SelfTradePrevention.values();
  private static final byte LIMIT = (byte) OrderType.LIMIT.ordinal();
  private static final byte MARKET = (byte) OrderType.MARKET.ordinal();
  private static final byte STOP = (byte) OrderType.STOP.ordinal();
  private static final byte STOP_LIMIT = (byte) OrderType.STOP_LIMIT.ordinal();
  private static final byte GTC = (byte) TimeInForce.GTC.ordinal();
  private static final byte DAY = (byte) TimeInForce.DAY.ordinal();
  private static final byte FOK = (byte) TimeInForce.FOK.ordinal();
  private static final byte STP_NONE = (byte) SelfTradePrevention.NONE.ordinal();

  // Order record: 8 longs per pool slot, so that matching an order touches one or two cache lines.
  private static final int ID = 0;
  private static final int PRICE = 1;
  private static final int REM = 2;
  private static final int VIS = 3;
  private static final int LINKS = 4; // prev << 32 | next (ints)
  private static final int META = 5; // flags << 32 | level (int)
  private static final int OWNER = 6;
  private static final int DISPLAY = 7;
  private static final int TYPE_SHIFT = 1;
  private static final int TIF_SHIFT = 3;
  private static final int STP_SHIFT = 5;
  private static final int POST_ONLY = 1 << 8;

  // Level record: 8 longs per level.
  private static final int LP = 0; // price
  private static final int LV = 1; // displayed volume
  private static final int LH = 2; // head order slot
  private static final int LT = 3; // tail order slot
  private static final int LC = 4; // order count

  private final int capacity;
  private final OrderBookListener listener;
  private final OrderIndex index;
  private final OrderRequest scratchRequest = new OrderRequest();

  // Order pool; slot `capacity` is a scratch slot for incoming orders that never rest.
  private final int scratch;
  private final long[] o;
  private final long[] oStop; // stop price of pending stop orders (cold)
  private final int[] freeOrders;
  private int freeOrderTop;

  // Level pool.
  private final long[] lv;
  private final int[] freeLevels;
  private int freeLevelTop;

  // Per side: levels sorted by key ascending, best last. key = price for bids, -price for asks.
  private final long[][] sideKeys;
  private final int[][] sideLevels;
  private final int[] sideCount = new int[2];

  // Pending stops, oldest first, linked through the order records' links.
  private int stopHead = NIL;
  private int stopTail = NIL;
  private int stopCount;

  private long lastTradePrice = NO_TRADE;

  private MatchingEngine(Builder b) {
    this.capacity = b.capacity;
    this.listener = b.listener;
    this.index = new OrderIndex(capacity);
    this.scratch = capacity;
    o = new long[(capacity + 1) << 3];
    oStop = new long[capacity + 1];
    freeOrders = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      freeOrders[i] = capacity - 1 - i;
    }
    freeOrderTop = capacity;
    lv = new long[capacity << 3];
    freeLevels = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      freeLevels[i] = capacity - 1 - i;
    }
    freeLevelTop = capacity;
    sideKeys = new long[2][capacity];
    sideLevels = new int[2][capacity];
  }

  private int prev(int slot) {
    return (int) (o[(slot << 3) + LINKS] >> 32);
  }

  private int next(int slot) {
    return (int) o[(slot << 3) + LINKS];
  }

  private void setPrev(int slot, int prev) {
    int b = (slot << 3) + LINKS;
    o[b] = (long) prev << 32 | (o[b] & 0xFFFFFFFFL);
  }

  private void setNext(int slot, int next) {
    int b = (slot << 3) + LINKS;
    o[b] = (o[b] & 0xFFFFFFFF00000000L) | (next & 0xFFFFFFFFL);
  }

  private int level(int slot) {
    return (int) o[(slot << 3) + META];
  }

  private void setLevel(int slot, int level) {
    int b = (slot << 3) + META;
    o[b] = (o[b] & 0xFFFFFFFF00000000L) | (level & 0xFFFFFFFFL);
  }

  private int flags(int slot) {
    return (int) (o[(slot << 3) + META] >>> 32);
  }

  private int side(int slot) {
    return flags(slot) & 1;
  }

  private int type(int slot) {
    return (flags(slot) >>> TYPE_SHIFT) & 3;
  }

  private void setType(int slot, int type) {
    int b = (slot << 3) + META;
    long f = (o[b] >>> 32) & ~(3L << TYPE_SHIFT) | (long) type << TYPE_SHIFT;
    o[b] = f << 32 | (o[b] & 0xFFFFFFFFL);
  }

  private int tif(int slot) {
    return (flags(slot) >>> TIF_SHIFT) & 3;
  }

  private int stp(int slot) {
    return (flags(slot) >>> STP_SHIFT) & 7;
  }

  private boolean postOnly(int slot) {
    return (flags(slot) & POST_ONLY) != 0;
  }

  /** Returns a builder with capacity 1,048,576 and a listener that ignores events. */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ commands

  /**
   * Submits a new order. Events go to the listener before this method returns; the request may be
   * reused afterwards.
   *
   * @param request the order; its values are validated by the engine (bad ones are rejected with an
   *     event)
   * @throws NullPointerException if {@code request} is null
   */
  public void submit(OrderRequest request) {
    Objects.requireNonNull(request, "request");
    long id = request.orderId;
    RejectReason reason = validate(request);
    if (reason != null) {
      listener.onRejected(id, reason);
      return;
    }
    int s = request.side.ordinal();
    byte type = (byte) request.type.ordinal();
    byte tif = (byte) request.timeInForce.ordinal();
    boolean stop = type == STOP || type == STOP_LIMIT;
    boolean canRest = stop || (type == LIMIT && (tif == GTC || tif == DAY));
    int slot = canRest ? freeOrders[--freeOrderTop] : scratch;
    int b = slot << 3;
    long[] o = this.o;
    o[b + ID] = id;
    o[b + OWNER] = request.owner;
    o[b + PRICE] = request.price;
    o[b + REM] = request.quantity;
    o[b + VIS] = 0;
    o[b + DISPLAY] = request.displayQuantity;
    int flags =
        s
            | type << TYPE_SHIFT
            | tif << TIF_SHIFT
            | request.selfTrade.ordinal() << STP_SHIFT
            | (request.postOnly ? POST_ONLY : 0);
    o[b + META] = (long) flags << 32 | (NIL & 0xFFFFFFFFL);
    if (stop) {
      oStop[slot] = request.stopPrice;
    }
    listener.onAccepted(id, request.owner, request.side, request.price, request.quantity);
    if (stop) {
      setPrev(slot, stopTail);
      setNext(slot, NIL);
      if (stopTail == NIL) {
        stopHead = slot;
      } else {
        setNext(stopTail, slot);
      }
      stopTail = slot;
      stopCount++;
      index.put(id, slot);
    } else {
      execute(slot, false);
    }
    if (stopCount > 0) {
      runStops();
    }
  }

  /**
   * Submits a GTC limit order with no self-trade prevention.
   *
   * @see #submit(OrderRequest)
   */
  public void limit(long orderId, long owner, Side side, long price, long quantity) {
    submit(
        scratchRequest
            .clear()
            .orderId(orderId)
            .owner(owner)
            .side(side)
            .limit(price)
            .quantity(quantity));
  }

  /**
   * Submits an IOC market order capped at {@code protectionPrice}.
   *
   * @see #submit(OrderRequest)
   */
  public void market(long orderId, long owner, Side side, long quantity, long protectionPrice) {
    submit(
        scratchRequest
            .clear()
            .orderId(orderId)
            .owner(owner)
            .side(side)
            .market(protectionPrice)
            .quantity(quantity));
  }

  /**
   * Cancels a live order (resting or a pending stop); an unknown id is rejected with {@link
   * RejectReason#UNKNOWN_ORDER}.
   */
  public void cancel(long orderId) {
    int slot = index.get(orderId);
    if (slot == OrderIndex.MISSING) {
      listener.onRejected(orderId, RejectReason.UNKNOWN_ORDER);
      return;
    }
    listener.onCancelled(orderId, o[((slot) << 3) + REM], CancelReason.REQUESTED);
    if (level(slot) == NIL) {
      unlinkStop(slot);
    } else {
      removeFromLevel(slot);
    }
    release(slot);
  }

  /**
   * Changes a resting order's price and remaining quantity. Keeping the price and not raising the
   * quantity keeps the order's place in the queue; anything else moves it to the back of the level
   * at {@code price}, trading first if that price crosses the book.
   *
   * <p>Rejected (with an event, changing nothing) for an unknown id, a price or quantity of zero or
   * less, a pending stop, and a post-only order whose new price would take.
   */
  public void modify(long orderId, long price, long quantity) {
    int slot = index.get(orderId);
    RejectReason reason = null;
    if (slot == OrderIndex.MISSING) {
      reason = RejectReason.UNKNOWN_ORDER;
    } else if (quantity <= 0) {
      reason = RejectReason.INVALID_QUANTITY;
    } else if (price <= 0) {
      reason = RejectReason.INVALID_PRICE;
    } else if (level(slot) == NIL) {
      reason = RejectReason.NOT_MODIFIABLE;
    } else if (postOnly(slot)
        && price != o[((slot) << 3) + PRICE]
        && crossesOpposite(side(slot), price)) {
      reason = RejectReason.WOULD_TAKE;
    }
    if (reason != null) {
      listener.onRejected(orderId, reason);
      return;
    }
    listener.onReplaced(orderId, price, quantity);
    if (price == o[((slot) << 3) + PRICE] && quantity <= o[((slot) << 3) + REM]) {
      o[((slot) << 3) + REM] = quantity;
      long visible = o[((slot) << 3) + VIS];
      if (quantity < visible) {
        int lvl = level(slot);
        o[((slot) << 3) + VIS] = quantity;
        lv[((lvl) << 3) + LV] -= visible - quantity;
        listener.onLevelChanged(SIDES[side(slot)], lv[((lvl) << 3) + LP], lv[((lvl) << 3) + LV]);
      }
    } else {
      removeFromLevel(slot);
      o[((slot) << 3) + PRICE] = price;
      o[((slot) << 3) + REM] = quantity;
      execute(slot, true);
      if (stopCount > 0) {
        runStops();
      }
    }
  }

  /**
   * Ends the trading session: every DAY order, resting or pending, expires with an {@link
   * OrderBookListener#onExpired} event. Drive it from injected time with a {@link SessionClock}.
   */
  public void expireSession() {
    for (int s = BUY; s <= SELL; s++) {
      for (int pos = sideCount[s] - 1; pos >= 0; pos--) {
        int m = (int) lv[((sideLevels[s][pos]) << 3) + LH];
        while (m != NIL) {
          int next = next(m);
          if (tif(m) == DAY) {
            listener.onExpired(o[((m) << 3) + ID], o[((m) << 3) + REM]);
            removeFromLevel(m);
            release(m);
          }
          m = next;
        }
      }
    }
    int m = stopHead;
    while (m != NIL) {
      int next = next(m);
      if (tif(m) == DAY) {
        listener.onExpired(o[((m) << 3) + ID], o[((m) << 3) + REM]);
        unlinkStop(m);
        release(m);
      }
      m = next;
    }
  }

  // ------------------------------------------------------------------ queries

  /** Returns the highest bid price, or {@link #NO_BID}. */
  public long bestBid() {
    int n = sideCount[BUY];
    return n == 0 ? NO_BID : lv[((sideLevels[BUY][n - 1]) << 3) + LP];
  }

  /** Returns the lowest ask price, or {@link #NO_ASK}. */
  public long bestAsk() {
    int n = sideCount[SELL];
    return n == 0 ? NO_ASK : lv[((sideLevels[SELL][n - 1]) << 3) + LP];
  }

  /** Returns the price of the last trade, or {@link #NO_TRADE}. */
  public long lastTradePrice() {
    return lastTradePrice;
  }

  /** Returns the displayed quantity resting at {@code price} on {@code side} (0 if none). */
  public long volumeAt(Side side, long price) {
    int s = side.ordinal();
    int pos = find(s, key(s, price));
    return pos < 0 ? 0 : lv[((sideLevels[s][pos]) << 3) + LV];
  }

  /**
   * Returns the displayed quantity resting on {@code side} at prices in {@code [low, high]}.
   *
   * @throws IllegalArgumentException if {@code low > high}
   */
  public long volumeBetween(Side side, long low, long high) {
    if (low > high) {
      throw new IllegalArgumentException("low must be <= high, got low=" + low + ", high=" + high);
    }
    int s = side.ordinal();
    long sum = 0;
    int[] levels = sideLevels[s];
    for (int pos = sideCount[s] - 1; pos >= 0; pos--) {
      long p = lv[((levels[pos]) << 3) + LP];
      if (p >= low && p <= high) {
        sum += lv[((levels[pos]) << 3) + LV];
      }
    }
    return sum;
  }

  /** Returns the number of price levels on {@code side}. */
  public int levelCount(Side side) {
    return sideCount[side.ordinal()];
  }

  /**
   * Copies the best levels of {@code side} (best first) into {@code prices} and {@code quantities}
   * (displayed quantity), as many as fit, and returns how many were copied.
   *
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public int depth(Side side, long[] prices, long[] quantities) {
    if (prices.length != quantities.length) {
      throw new IllegalArgumentException(
          "prices and quantities must have the same length, got "
              + prices.length
              + " and "
              + quantities.length);
    }
    int s = side.ordinal();
    int n = Math.min(prices.length, sideCount[s]);
    for (int i = 0; i < n; i++) {
      int lvl = sideLevels[s][sideCount[s] - 1 - i];
      prices[i] = lv[((lvl) << 3) + LP];
      quantities[i] = lv[((lvl) << 3) + LV];
    }
    return n;
  }

  /** Returns the number of live orders: resting plus pending stops. */
  public int orderCount() {
    return index.size();
  }

  /** Returns the capacity: the most live orders the book holds. */
  public int capacity() {
    return capacity;
  }

  /**
   * Returns the remaining quantity of the live order {@code orderId} (hidden iceberg quantity
   * included), or 0 if it is not live.
   */
  public long remainingQuantity(long orderId) {
    int slot = index.get(orderId);
    return slot == OrderIndex.MISSING ? 0 : o[((slot) << 3) + REM];
  }

  /** Visits the resting orders of {@code side}, best price first and FIFO within a level. */
  public void forEachOrder(Side side, OrderVisitor visitor) {
    int s = side.ordinal();
    for (int pos = sideCount[s] - 1; pos >= 0; pos--) {
      for (int m = (int) lv[((sideLevels[s][pos]) << 3) + LH]; m != NIL; m = next(m)) {
        visitor.visit(
            o[((m) << 3) + ID],
            o[((m) << 3) + OWNER],
            side,
            o[((m) << 3) + PRICE],
            o[((m) << 3) + REM],
            o[((m) << 3) + VIS]);
      }
    }
  }

  /** Visits the pending stop orders, oldest first (displayed quantity 0). */
  public void forEachStop(OrderVisitor visitor) {
    for (int m = stopHead; m != NIL; m = next(m)) {
      visitor.visit(
          o[((m) << 3) + ID],
          o[((m) << 3) + OWNER],
          SIDES[side(m)],
          o[((m) << 3) + PRICE],
          o[((m) << 3) + REM],
          0);
    }
  }

  /**
   * Returns a 64-bit hash of the whole book state (every order with its place in the queue, its
   * attributes, the pending stops and the last trade price). Equal states give equal hashes, so a
   * replay can be checked against the original run.
   */
  public long stateHash() {
    long h = 0x243F6A8885A308D3L;
    for (int s = BUY; s <= SELL; s++) {
      h = mix(h, sideCount[s]);
      for (int pos = sideCount[s] - 1; pos >= 0; pos--) {
        int lvl = sideLevels[s][pos];
        h = mix(h, lv[((lvl) << 3) + LP]);
        for (int m = (int) lv[((lvl) << 3) + LH]; m != NIL; m = next(m)) {
          h = hashOrder(h, m);
        }
      }
    }
    for (int m = stopHead; m != NIL; m = next(m)) {
      h = hashOrder(h, m);
      h = mix(h, oStop[m]);
    }
    return mix(h, lastTradePrice);
  }

  private static final int SNAPSHOT_MAGIC = 0x424C4B53; // "BLKS"

  /**
   * Writes the whole book state (every resting order in priority order with its attributes, the
   * pending stops oldest first, the last trade price) so that {@link #readSnapshot} on an empty
   * engine recreates an engine with the same {@link #stateHash()} and the same future behaviour.
   *
   * @throws IOException if {@code out} fails
   */
  public void writeSnapshot(DataOutput out) throws IOException {
    out.writeInt(SNAPSHOT_MAGIC);
    out.writeLong(lastTradePrice);
    for (int s = BUY; s <= SELL; s++) {
      int count = 0;
      for (int pos = 0; pos < sideCount[s]; pos++) {
        count += (int) lv[(sideLevels[s][pos] << 3) + LC];
      }
      out.writeInt(count);
      for (int pos = sideCount[s] - 1; pos >= 0; pos--) {
        for (int m = (int) lv[(sideLevels[s][pos] << 3) + LH]; m != NIL; m = next(m)) {
          writeOrder(out, m);
        }
      }
    }
    out.writeInt(stopCount);
    for (int m = stopHead; m != NIL; m = next(m)) {
      writeOrder(out, m);
      out.writeLong(oStop[m]);
    }
  }

  private void writeOrder(DataOutput out, int m) throws IOException {
    int b = m << 3;
    out.writeLong(o[b + ID]);
    out.writeLong(o[b + OWNER]);
    out.writeLong(o[b + PRICE]);
    out.writeLong(o[b + REM]);
    out.writeLong(o[b + VIS]);
    out.writeLong(o[b + DISPLAY]);
    out.writeInt(flags(m));
  }

  /**
   * Loads a state written by {@link #writeSnapshot} into this engine, which must be empty. Level
   * events for the restored levels go to the listener.
   *
   * @throws IllegalStateException if the engine is not empty or the snapshot holds more orders than
   *     its capacity
   * @throws IOException if {@code in} fails or does not hold a snapshot
   */
  public void readSnapshot(DataInput in) throws IOException {
    if (index.size() != 0 || lastTradePrice != NO_TRADE) {
      throw new IllegalStateException(
          "readSnapshot needs an empty engine, got " + index.size() + " live orders");
    }
    int magic = in.readInt();
    if (magic != SNAPSHOT_MAGIC) {
      throw new IOException("not a matching engine snapshot: magic " + Integer.toHexString(magic));
    }
    lastTradePrice = in.readLong();
    for (int s = BUY; s <= SELL; s++) {
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        int slot = readOrder(in);
        if (side(slot) != s) {
          throw new IOException("corrupt snapshot: order " + o[slot << 3] + " on the wrong side");
        }
        rest(slot);
      }
    }
    int stops = in.readInt();
    for (int i = 0; i < stops; i++) {
      int slot = readOrder(in);
      oStop[slot] = in.readLong();
      setPrev(slot, stopTail);
      setNext(slot, NIL);
      if (stopTail == NIL) {
        stopHead = slot;
      } else {
        setNext(stopTail, slot);
      }
      stopTail = slot;
      stopCount++;
    }
  }

  private int readOrder(DataInput in) throws IOException {
    if (freeOrderTop == 0) {
      throw new IllegalStateException("snapshot holds more than capacity " + capacity + " orders");
    }
    int slot = freeOrders[--freeOrderTop];
    int b = slot << 3;
    o[b + ID] = in.readLong();
    o[b + OWNER] = in.readLong();
    o[b + PRICE] = in.readLong();
    o[b + REM] = in.readLong();
    o[b + VIS] = in.readLong();
    o[b + DISPLAY] = in.readLong();
    o[b + META] = (long) in.readInt() << 32 | (NIL & 0xFFFFFFFFL);
    if (index.get(o[b + ID]) != OrderIndex.MISSING) {
      throw new IOException("corrupt snapshot: duplicate order id " + o[b + ID]);
    }
    index.put(o[b + ID], slot);
    return slot;
  }

  private long hashOrder(long h, int m) {
    h = mix(h, o[((m) << 3) + ID]);
    h = mix(h, o[((m) << 3) + OWNER]);
    h = mix(h, o[((m) << 3) + PRICE]);
    h = mix(h, o[((m) << 3) + REM]);
    h = mix(h, o[((m) << 3) + VIS]);
    h = mix(h, o[((m) << 3) + DISPLAY]);
    return mix(h, flags(m));
  }

  private static long mix(long h, long x) {
    long z = (h ^ x) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  // ------------------------------------------------------------------ matching

  private RejectReason validate(OrderRequest r) {
    if (index.get(r.orderId) != OrderIndex.MISSING) {
      return RejectReason.DUPLICATE_ORDER_ID;
    }
    if (r.quantity <= 0) {
      return RejectReason.INVALID_QUANTITY;
    }
    if (r.price <= 0) {
      return RejectReason.INVALID_PRICE;
    }
    OrderType type = r.type;
    boolean stop = type == OrderType.STOP || type == OrderType.STOP_LIMIT;
    if (stop && r.stopPrice <= 0) {
      return RejectReason.INVALID_STOP_PRICE;
    }
    if (r.displayQuantity < 0 || r.displayQuantity > r.quantity) {
      return RejectReason.INVALID_DISPLAY_QUANTITY;
    }
    TimeInForce tif = r.timeInForce;
    boolean immediate = tif == TimeInForce.IOC || tif == TimeInForce.FOK;
    if ((type == OrderType.MARKET || type == OrderType.STOP) && !immediate) {
      return RejectReason.UNSUPPORTED_COMBINATION;
    }
    if (r.postOnly && (type != OrderType.LIMIT || immediate)) {
      return RejectReason.UNSUPPORTED_COMBINATION;
    }
    boolean canRest = stop || (type == OrderType.LIMIT && !immediate);
    if (canRest && freeOrderTop == 0) {
      return RejectReason.BOOK_FULL;
    }
    if (r.postOnly && crossesOpposite(r.side.ordinal(), r.price)) {
      return RejectReason.WOULD_TAKE;
    }
    return null;
  }

  private boolean crossesOpposite(int s, long price) {
    int os = 1 - s;
    int n = sideCount[os];
    if (n == 0) {
      return false;
    }
    long best = lv[((sideLevels[os][n - 1]) << 3) + LP];
    return s == BUY ? price >= best : price <= best;
  }

  /** Matches the order in {@code slot}, then rests, cancels or releases it. */
  private void execute(int slot, boolean indexed) {
    long id = o[((slot) << 3) + ID];
    if (tif(slot) == FOK && !fillable(slot)) {
      listener.onCancelled(id, o[((slot) << 3) + REM], CancelReason.FILL_OR_KILL);
      finish(slot, indexed);
      return;
    }
    long remaining = match(slot);
    if (remaining == 0) {
      finish(slot, indexed);
      return;
    }
    int tif = tif(slot);
    if (type(slot) == MARKET || (tif != GTC && tif != DAY)) {
      listener.onCancelled(id, remaining, CancelReason.IMMEDIATE_OR_CANCEL);
      finish(slot, indexed);
      return;
    }
    o[((slot) << 3) + REM] = remaining;
    long display = o[((slot) << 3) + DISPLAY];
    o[((slot) << 3) + VIS] = display > 0 && display < remaining ? display : remaining;
    rest(slot);
    if (!indexed) {
      index.put(id, slot);
    }
  }

  private void finish(int slot, boolean indexed) {
    if (indexed) {
      index.remove(o[((slot) << 3) + ID]);
    }
    if (slot != scratch) {
      freeOrders[freeOrderTop++] = slot;
    }
  }

  /**
   * Whether a FOK order can fill completely without meeting its own owner's orders (when it uses
   * self-trade prevention).
   */
  private boolean fillable(int slot) {
    int s = side(slot);
    int os = 1 - s;
    long limit = o[((slot) << 3) + PRICE];
    long need = o[((slot) << 3) + REM];
    long owner = o[((slot) << 3) + OWNER];
    boolean stp = stp(slot) != STP_NONE;
    long available = 0;
    for (int pos = sideCount[os] - 1; pos >= 0; pos--) {
      int lvl = sideLevels[os][pos];
      long p = lv[((lvl) << 3) + LP];
      if (s == BUY ? limit < p : limit > p) {
        return false;
      }
      for (int m = (int) lv[((lvl) << 3) + LH]; m != NIL; m = next(m)) {
        if (stp && o[((m) << 3) + OWNER] == owner) {
          return false;
        }
        available += o[((m) << 3) + REM];
      }
      if (available >= need) {
        return true;
      }
    }
    return false;
  }

  /** Matches the taker in {@code slot} against the opposite side; returns what is left. */
  private long match(int slot) {
    int s = side(slot);
    int os = 1 - s;
    Side side = SIDES[s];
    Side opposite = SIDES[os];
    long limit = o[((slot) << 3) + PRICE];
    long q = o[((slot) << 3) + REM];
    long takerId = o[((slot) << 3) + ID];
    long owner = o[((slot) << 3) + OWNER];
    int stp = stp(slot);
    int[] levels = sideLevels[os];
    while (q > 0) {
      int n = sideCount[os];
      if (n == 0) {
        break;
      }
      int lvl = levels[n - 1];
      long price = lv[((lvl) << 3) + LP];
      if (s == BUY ? limit < price : limit > price) {
        break;
      }
      while (q > 0) {
        int m = (int) lv[((lvl) << 3) + LH];
        if (stp != STP_NONE && o[((m) << 3) + OWNER] == owner) {
          SelfTradePrevention mode = STPS[stp];
          if (mode == SelfTradePrevention.CANCEL_NEWEST) {
            listener.onCancelled(takerId, q, CancelReason.SELF_TRADE);
            return 0;
          }
          if (mode == SelfTradePrevention.CANCEL_OLDEST
              || mode == SelfTradePrevention.CANCEL_BOTH) {
            listener.onCancelled(o[((m) << 3) + ID], o[((m) << 3) + REM], CancelReason.SELF_TRADE);
            boolean last = (int) lv[((lvl) << 3) + LC] == 1;
            removeFromLevel(m);
            release(m);
            if (mode == SelfTradePrevention.CANCEL_BOTH) {
              listener.onCancelled(takerId, q, CancelReason.SELF_TRADE);
              return 0;
            }
            if (last) {
              break;
            }
            continue;
          }
          long d = Math.min(q, o[((m) << 3) + VIS]);
          listener.onSelfTradePrevented(o[((m) << 3) + ID], takerId, d);
          q -= d;
          if (consume(m, lvl, os, opposite, d)) {
            break;
          }
          continue;
        }
        long t = Math.min(q, o[((m) << 3) + VIS]);
        listener.onTrade(o[((m) << 3) + ID], takerId, side, price, t);
        lastTradePrice = price;
        q -= t;
        if (consume(m, lvl, os, opposite, t)) {
          break;
        }
      }
    }
    return q;
  }

  /**
   * Takes {@code t} from the best-level order {@code m}: removes it when done, refills an iceberg
   * to the back of the level. Returns true if the level is gone.
   */
  private boolean consume(int m, int lvl, int os, Side opposite, long t) {
    long remaining = o[((m) << 3) + REM] - t;
    long visible = o[((m) << 3) + VIS] - t;
    o[((m) << 3) + REM] = remaining;
    long volume = lv[((lvl) << 3) + LV] - t;
    if (remaining == 0) {
      int next = next(m);
      lv[((lvl) << 3) + LH] = next;
      if (next == NIL) {
        // m was the only order: the level (the best of its side) disappears.
        lv[((lvl) << 3) + LT] = NIL;
        lv[((lvl) << 3) + LC] = 0;
        lv[((lvl) << 3) + LV] = 0;
        sideCount[os]--;
        freeLevels[freeLevelTop++] = lvl;
        listener.onLevelChanged(opposite, lv[((lvl) << 3) + LP], 0);
        release(m);
        return true;
      }
      setPrev(next, NIL);
      lv[(lvl << 3) + LC]--;
      release(m);
    } else if (visible == 0) {
      long display = o[((m) << 3) + DISPLAY];
      visible = display < remaining ? display : remaining;
      volume += visible;
      int next = next(m);
      if (next != NIL) {
        // Refilled iceberg goes to the back of the queue.
        lv[((lvl) << 3) + LH] = next;
        setPrev(next, NIL);
        int tail = (int) lv[((lvl) << 3) + LT];
        setNext(tail, m);
        setPrev(m, tail);
        setNext(m, NIL);
        lv[((lvl) << 3) + LT] = m;
      }
    }
    o[((m) << 3) + VIS] = visible;
    lv[((lvl) << 3) + LV] = volume;
    listener.onLevelChanged(opposite, lv[((lvl) << 3) + LP], volume);
    return false;
  }

  private void runStops() {
    while (stopCount > 0 && lastTradePrice != NO_TRADE) {
      long last = lastTradePrice;
      int m = stopHead;
      while (m != NIL && !(side(m) == BUY ? last >= oStop[m] : last <= oStop[m])) {
        m = next(m);
      }
      if (m == NIL) {
        return;
      }
      unlinkStop(m);
      listener.onTriggered(o[((m) << 3) + ID], last);
      setType(m, type(m) == STOP ? MARKET : LIMIT);
      execute(m, true);
    }
  }

  // ------------------------------------------------------------------ book structure

  private static long key(int s, long price) {
    return s == BUY ? price : -price;
  }

  /**
   * Binary search for {@code key} among side {@code s}'s levels; -(insertion point) - 1 if absent.
   */
  private int find(int s, long key) {
    long[] keys = sideKeys[s];
    int lo = 0;
    int hi = sideCount[s] - 1;
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

  /** Appends the order in {@code slot} to the back of its price level, creating the level. */
  private void rest(int slot) {
    int s = side(slot);
    long price = o[((slot) << 3) + PRICE];
    long k = key(s, price);
    int n = sideCount[s];
    int lvl;
    long[] keys = sideKeys[s];
    int[] levels = sideLevels[s];
    int pos = n > 0 && keys[n - 1] == k ? n - 1 : find(s, k);
    if (pos >= 0) {
      lvl = levels[pos];
      int tail = (int) lv[((lvl) << 3) + LT];
      setNext(tail, slot);
      setPrev(slot, tail);
      lv[(lvl << 3) + LC]++;
    } else {
      int at = -pos - 1;
      lvl = freeLevels[--freeLevelTop];
      System.arraycopy(keys, at, keys, at + 1, n - at);
      System.arraycopy(levels, at, levels, at + 1, n - at);
      keys[at] = k;
      levels[at] = lvl;
      sideCount[s] = n + 1;
      lv[((lvl) << 3) + LP] = price;
      lv[((lvl) << 3) + LH] = slot;
      lv[((lvl) << 3) + LC] = 1;
      lv[((lvl) << 3) + LV] = 0;
      setPrev(slot, NIL);
    }
    setNext(slot, NIL);
    lv[((lvl) << 3) + LT] = slot;
    setLevel(slot, lvl);
    lv[((lvl) << 3) + LV] += o[((slot) << 3) + VIS];
    listener.onLevelChanged(SIDES[s], price, lv[((lvl) << 3) + LV]);
  }

  /** Unlinks a resting order from its level, removing an emptied level. */
  private void removeFromLevel(int slot) {
    int lvl = level(slot);
    int prev = prev(slot);
    int next = next(slot);
    if (prev == NIL) {
      lv[((lvl) << 3) + LH] = next;
    } else {
      setNext(prev, next);
    }
    if (next == NIL) {
      lv[((lvl) << 3) + LT] = prev;
    } else {
      setPrev(next, prev);
    }
    setLevel(slot, NIL);
    long volume = lv[((lvl) << 3) + LV] - o[((slot) << 3) + VIS];
    lv[((lvl) << 3) + LV] = volume;
    int s = side(slot);
    if (--lv[(lvl << 3) + LC] == 0) {
      int n = sideCount[s];
      int pos =
          n > 0 && sideLevels[s][n - 1] == lvl ? n - 1 : find(s, key(s, lv[((lvl) << 3) + LP]));
      System.arraycopy(sideKeys[s], pos + 1, sideKeys[s], pos, n - pos - 1);
      System.arraycopy(sideLevels[s], pos + 1, sideLevels[s], pos, n - pos - 1);
      sideCount[s] = n - 1;
      freeLevels[freeLevelTop++] = lvl;
    }
    listener.onLevelChanged(SIDES[s], lv[((lvl) << 3) + LP], volume);
  }

  private void unlinkStop(int slot) {
    int prev = prev(slot);
    int next = next(slot);
    if (prev == NIL) {
      stopHead = next;
    } else {
      setNext(prev, next);
    }
    if (next == NIL) {
      stopTail = prev;
    } else {
      setPrev(next, prev);
    }
    stopCount--;
  }

  /** Removes a live order from the index and returns its slot to the pool. */
  private void release(int slot) {
    index.remove(o[((slot) << 3) + ID]);
    freeOrders[freeOrderTop++] = slot;
  }

  /**
   * Builds a {@link MatchingEngine}.
   *
   * <p>Not thread-safe.
   *
   * @since 0.1
   */
  public static final class Builder {
    private int capacity = 1 << 20;
    private OrderBookListener listener = OrderBookListener.NONE;

    private Builder() {}

    /**
     * Sets the most live orders (resting plus pending stops) the book holds; everything is
     * preallocated for it.
     *
     * @throws IllegalArgumentException if {@code capacity} is not in [1, {@link #MAX_CAPACITY}]
     */
    public Builder capacity(int capacity) {
      if (capacity < 1 || capacity > MAX_CAPACITY) {
        throw new IllegalArgumentException(
            "capacity must be in [1, " + MAX_CAPACITY + "], got " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /**
     * Sets the listener that receives every event.
     *
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(OrderBookListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Builds the engine. */
    public MatchingEngine build() {
      return new MatchingEngine(this);
    }
  }
}
