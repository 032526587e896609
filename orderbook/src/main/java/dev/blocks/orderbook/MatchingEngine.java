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
 * price level (see {@code BookSide}): orders live in a preallocated pool of 64-byte records ({@code
 * OrderPool}), each price level ({@code PriceLevels}) is an intrusive doubly linked FIFO queue,
 * pending stops wait in their own list ({@code StopBook}), and an open-addressing {@code long →
 * int} index ({@code OrderIndex}, Robin Hood order) finds an order by id. A filled or cancelled
 * order leaves the book at once and is absent to every lookup at once; its index entry and pool
 * slot are reclaimed a few at a time after later cheap commands, so that a taker filling many
 * makers does not pay for the index removals on its own path. After construction the engine
 * allocates nothing: events go to an {@link OrderBookListener} as primitive callbacks. The engine
 * checks once, when it is built, which callbacks the listener overrides, and skips those left at
 * their empty defaults (a listener that only counts trades costs one call per trade).
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

  private static final int NIL = OrderPool.NIL;
  private static final int BUY = 0;
  private static final int SELL = 1;
  private static final Side[] SIDES = Side.values();
  private static final int LIMIT = OrderType.LIMIT.ordinal();
  private static final int MARKET = OrderType.MARKET.ordinal();
  private static final int STOP = OrderType.STOP.ordinal();
  private static final int STOP_LIMIT = OrderType.STOP_LIMIT.ordinal();
  private static final int GTC = TimeInForce.GTC.ordinal();
  private static final int DAY = TimeInForce.DAY.ordinal();
  private static final int FOK = TimeInForce.FOK.ordinal();
  private static final int STP_NONE = SelfTradePrevention.NONE.ordinal();
  private static final int STP_CANCEL_NEWEST = SelfTradePrevention.CANCEL_NEWEST.ordinal();
  private static final int STP_CANCEL_OLDEST = SelfTradePrevention.CANCEL_OLDEST.ordinal();
  private static final int STP_CANCEL_BOTH = SelfTradePrevention.CANCEL_BOTH.ordinal();

  private static final int LIMIT_GTC_FLAGS = OrderPool.flags(0, LIMIT, GTC, STP_NONE, false);
  private static final int MARKET_IOC_FLAGS =
      OrderPool.flags(0, MARKET, TimeInForce.IOC.ordinal(), STP_NONE, false);

  private final int capacity;
  private final OrderBookListener listener;
  private final ListenerUse uses;
  private final OrderIndex index;
  private final OrderRequest scratchRequest = new OrderRequest();
  private final OrderPool pool;
  private final PriceLevels levels;
  private final BookSide[] sides;
  private final StopBook stops;

  private long lastTradePrice = NO_TRADE;

  /** A sink for the loads of {@link #touchMakers} and {@link #drain} (never read). */
  private long touched;

  /**
   * Released orders whose slot is not yet back in the pool and whose id may still be in the index
   * (a stack). A released order is marked dead (remaining quantity 0, which no live order has) and
   * its slot pushed here, so that a taker filling many makers does not also remove each from the
   * index on its own path: {@link #drain} does the removals a few at a time, after later cheap
   * commands. Every lookup treats an index entry that points at a dead slot as absent.
   */
  private final int[] dead;

  private int deadTop;

  /** How many index entries point at dead slots (they do not count as live orders). */
  private int deadIndexed;

  /** How many dead slots a cheap command ({@link #cancel}, a resting limit order) drains. */
  private static final int DRAIN = 2;

  private MatchingEngine(Builder b) {
    this.capacity = b.capacity;
    this.listener = b.listener;
    this.uses = new ListenerUse(listener);
    this.pool = new OrderPool(capacity);
    this.index = new OrderIndex(capacity, pool);
    this.levels = new PriceLevels(capacity);
    this.sides =
        new BookSide[] {
          new BookSide(Side.BUY, capacity, pool, levels, listener, uses.levels),
          new BookSide(Side.SELL, capacity, pool, levels, listener, uses.levels)
        };
    this.stops = new StopBook(pool);
    this.dead = new int[capacity];
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
    if (request.type == OrderType.LIMIT
        && request.timeInForce == TimeInForce.GTC
        && request.displayQuantity == 0
        && !request.postOnly
        && request.selfTrade == SelfTradePrevention.NONE
        && placeLimit(
            request.orderId, request.owner, request.side, request.price, request.quantity)) {
      return;
    }
    long id = request.orderId;
    RejectReason reason = validate(request);
    if (reason != null) {
      listener.onRejected(id, reason);
      return;
    }
    int type = request.type.ordinal();
    int tif = request.timeInForce.ordinal();
    boolean stop = type == STOP || type == STOP_LIMIT;
    boolean canRest = stop || (type == LIMIT && (tif == GTC || tif == DAY));
    int slot = canRest ? pool.allocate() : pool.scratch();
    int flags =
        OrderPool.flags(
            request.side.ordinal(), type, tif, request.selfTrade.ordinal(), request.postOnly);
    pool.init(
        slot, id, request.owner, request.price, request.quantity, request.displayQuantity, flags);
    if (uses.accepted) {
      listener.onAccepted(id, request.owner, request.side, request.price, request.quantity);
    }
    if (stop) {
      pool.stopPrice(slot, request.stopPrice);
      stops.append(slot);
      indexPut(id, slot);
    } else {
      execute(slot, false);
    }
    if (stops.count() > 0) {
      runStops();
    }
  }

  /**
   * Submits a GTC limit order with no self-trade prevention.
   *
   * @see #submit(OrderRequest)
   */
  public void limit(long orderId, long owner, Side side, long price, long quantity) {
    if (placeLimit(orderId, owner, side, price, quantity)) {
      return;
    }
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
   * The common case without the generic checks of {@link #submit}: places a valid new GTC limit
   * order with no display quantity, no post-only flag and no self-trade prevention, and returns
   * true; returns false, changing nothing, if the order would be rejected (the caller then takes
   * the generic path, which rejects it with the right reason).
   */
  private boolean placeLimit(long orderId, long owner, Side side, long price, long quantity) {
    OrderIndex index = this.index;
    int bucket = index.find(orderId);
    if (side == null
        || (bucket >= 0 && !isDead(index.valueAt(bucket)))
        || quantity <= 0
        || price <= 0
        || pool.isFull()) {
      return false;
    }
    int s = side.ordinal();
    int slot = pool.allocate();
    pool.init(slot, orderId, owner, price, quantity, 0, LIMIT_GTC_FLAGS | s);
    if (uses.accepted) {
      listener.onAccepted(orderId, owner, side, price, quantity);
    }
    if (sides[1 - s].reachedBy(price)) {
      execute(slot, false);
    } else {
      pool.visible(slot, quantity);
      sides[s].rest(slot);
      if (bucket >= 0) {
        // The id of a filled order not yet out of the index: the entry now maps to this order.
        index.valueAt(bucket, slot);
        deadIndexed--;
      } else {
        index.putAt(bucket, orderId, slot);
      }
      drain(DRAIN);
    }
    if (stops.count() > 0) {
      runStops();
    }
    return true;
  }

  /**
   * Submits an IOC market order capped at {@code protectionPrice}.
   *
   * @see #submit(OrderRequest)
   */
  public void market(long orderId, long owner, Side side, long quantity, long protectionPrice) {
    if (placeMarket(orderId, owner, side, quantity, protectionPrice)) {
      return;
    }
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
   * The common case of {@link #market} without the generic checks of {@link #submit}: matches a
   * valid IOC market order (no self-trade prevention) capped at {@code cap} and returns true;
   * returns false, changing nothing, if the order would be rejected (the caller then takes the
   * generic path, which rejects it with the right reason).
   */
  private boolean placeMarket(long orderId, long owner, Side side, long quantity, long cap) {
    if (side == null || quantity <= 0 || cap <= 0 || liveSlot(orderId) != OrderIndex.MISSING) {
      return false;
    }
    int slot = pool.scratch();
    pool.init(slot, orderId, owner, cap, quantity, 0, MARKET_IOC_FLAGS | side.ordinal());
    if (uses.accepted) {
      listener.onAccepted(orderId, owner, side, cap, quantity);
    }
    long remaining = match(slot);
    if (remaining > 0 && uses.cancelled) {
      listener.onCancelled(orderId, remaining, CancelReason.IMMEDIATE_OR_CANCEL);
    }
    if (stops.count() > 0) {
      runStops();
    }
    return true;
  }

  /**
   * Cancels a live order (resting or a pending stop); an unknown id is rejected with {@link
   * RejectReason#UNKNOWN_ORDER}.
   */
  public void cancel(long orderId) {
    OrderIndex index = this.index;
    int bucket = index.find(orderId);
    int slot = index.valueAt(bucket);
    if (slot == OrderIndex.MISSING || isDead(slot)) {
      listener.onRejected(orderId, RejectReason.UNKNOWN_ORDER);
      return;
    }
    if (uses.cancelled) {
      listener.onCancelled(orderId, pool.remaining(slot), CancelReason.REQUESTED);
    }
    if (pool.level(slot) == NIL) {
      stops.unlink(slot);
    } else {
      sides[pool.side(slot)].remove(slot);
    }
    index.removeAt(bucket);
    pool.free(slot);
    drain(DRAIN);
  }

  /**
   * Changes a live order's price and remaining quantity. Keeping the price and not raising the
   * quantity keeps the order's place in the queue; anything else moves it to the back of the level
   * at {@code price}, trading first if that price crosses the book.
   *
   * <p>A pending stop order keeps its stop price and stays pending; {@code price} is its new limit
   * price (for a stop market order, its protection cap). The same rule decides its place among the
   * pending stops, which trigger oldest first: a reduction keeps it, anything else makes it the
   * newest. To change a stop price, cancel and submit a new order.
   *
   * <p>Rejected (with an event, changing nothing) for an unknown id, a price or quantity of zero or
   * less, and a post-only order whose new price would take.
   */
  public void modify(long orderId, long price, long quantity) {
    int slot = liveSlot(orderId);
    RejectReason reason = null;
    if (slot == OrderIndex.MISSING) {
      reason = RejectReason.UNKNOWN_ORDER;
    } else if (quantity <= 0) {
      reason = RejectReason.INVALID_QUANTITY;
    } else if (price <= 0) {
      reason = RejectReason.INVALID_PRICE;
    } else if (pool.postOnly(slot)
        && price != pool.price(slot)
        && sides[1 - pool.side(slot)].reachedBy(price)) {
      reason = RejectReason.WOULD_TAKE;
    }
    if (reason != null) {
      listener.onRejected(orderId, reason);
      return;
    }
    listener.onReplaced(orderId, price, quantity);
    boolean keepsPriority = price == pool.price(slot) && quantity <= pool.remaining(slot);
    if (pool.level(slot) == NIL) {
      // A pending stop: its stop price stays, so it stays untriggered; priority as in the book.
      pool.remaining(slot, quantity);
      if (!keepsPriority) {
        pool.price(slot, price);
        stops.unlink(slot);
        stops.append(slot);
      }
      return;
    }
    BookSide book = sides[pool.side(slot)];
    if (keepsPriority) {
      book.reduce(slot, quantity);
    } else {
      book.remove(slot);
      pool.price(slot, price);
      pool.remaining(slot, quantity);
      execute(slot, true);
      if (stops.count() > 0) {
        runStops();
      }
    }
  }

  /**
   * Ends the trading session: every DAY order, resting or pending, expires with an {@link
   * OrderBookListener#onExpired} event. Drive it from injected time with a {@link SessionClock}.
   */
  public void expireSession() {
    for (BookSide book : sides) {
      int lvl = book.best();
      while (lvl != NIL) {
        int worse = book.nextWorse(lvl);
        int m = levels.head(lvl);
        while (m != NIL) {
          int next = pool.next(m);
          if (pool.timeInForce(m) == DAY) {
            listener.onExpired(pool.id(m), pool.remaining(m));
            book.remove(m);
            release(m);
          }
          m = next;
        }
        lvl = worse;
      }
    }
    int m = stops.oldest();
    while (m != NIL) {
      int next = pool.next(m);
      if (pool.timeInForce(m) == DAY) {
        listener.onExpired(pool.id(m), pool.remaining(m));
        stops.unlink(m);
        release(m);
      }
      m = next;
    }
  }

  // ------------------------------------------------------------------ queries

  /** Returns the highest bid price, or {@link #NO_BID}. */
  public long bestBid() {
    int lvl = sides[BUY].best();
    return lvl == NIL ? NO_BID : levels.price(lvl);
  }

  /** Returns the lowest ask price, or {@link #NO_ASK}. */
  public long bestAsk() {
    int lvl = sides[SELL].best();
    return lvl == NIL ? NO_ASK : levels.price(lvl);
  }

  /** Returns the price of the last trade, or {@link #NO_TRADE}. */
  public long lastTradePrice() {
    return lastTradePrice;
  }

  /** Returns the displayed quantity resting at {@code price} on {@code side} (0 if none). */
  public long volumeAt(Side side, long price) {
    return sides[side.ordinal()].volumeAt(price);
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
    return sides[side.ordinal()].volumeBetween(low, high);
  }

  /** Returns the number of price levels on {@code side}. */
  public int levelCount(Side side) {
    return sides[side.ordinal()].levelCount();
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
    return sides[side.ordinal()].depth(prices, quantities);
  }

  /** Returns the number of live orders: resting plus pending stops. */
  public int orderCount() {
    return index.size() - deadIndexed;
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
    int slot = liveSlot(orderId);
    return slot == OrderIndex.MISSING ? 0 : pool.remaining(slot);
  }

  /** Visits the resting orders of {@code side}, best price first and FIFO within a level. */
  public void forEachOrder(Side side, OrderVisitor visitor) {
    sides[side.ordinal()].forEachOrder(visitor);
  }

  /** Visits the pending stop orders, oldest first (displayed quantity 0). */
  public void forEachStop(OrderVisitor visitor) {
    stops.forEach(visitor);
  }

  /**
   * Returns a 64-bit hash of the whole book state (every order with its place in the queue, its
   * attributes, the pending stops and the last trade price). Equal states give equal hashes, so a
   * replay can be checked against the original run.
   */
  public long stateHash() {
    long h = 0x243F6A8885A308D3L;
    h = sides[BUY].hash(h);
    h = sides[SELL].hash(h);
    h = stops.hash(h);
    return OrderPool.mix(h, lastTradePrice);
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
    sides[BUY].write(out);
    sides[SELL].write(out);
    stops.write(out);
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
    if (orderCount() != 0 || lastTradePrice != NO_TRADE) {
      throw new IllegalStateException(
          "readSnapshot needs an empty engine, got " + orderCount() + " live orders");
    }
    drain(deadTop);
    int magic = in.readInt();
    if (magic != SNAPSHOT_MAGIC) {
      throw new IOException("not a matching engine snapshot: magic " + Integer.toHexString(magic));
    }
    lastTradePrice = in.readLong();
    for (int s = BUY; s <= SELL; s++) {
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        int slot = readOrder(in);
        if (pool.side(slot) != s) {
          throw new IOException("corrupt snapshot: order " + pool.id(slot) + " on the wrong side");
        }
        sides[s].rest(slot);
      }
    }
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      int slot = readOrder(in);
      pool.stopPrice(slot, in.readLong());
      stops.append(slot);
    }
  }

  private int readOrder(DataInput in) throws IOException {
    int slot = pool.read(in);
    long id = pool.id(slot);
    if (index.get(id) != OrderIndex.MISSING) {
      throw new IOException("corrupt snapshot: duplicate order id " + id);
    }
    index.put(id, slot);
    return slot;
  }

  // ------------------------------------------------------------------ matching

  private RejectReason validate(OrderRequest r) {
    if (liveSlot(r.orderId) != OrderIndex.MISSING) {
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
    if (canRest && poolFull()) {
      return RejectReason.BOOK_FULL;
    }
    if (r.postOnly && sides[1 - r.side.ordinal()].reachedBy(r.price)) {
      return RejectReason.WOULD_TAKE;
    }
    return null;
  }

  /** Matches the order in {@code slot}, then rests, cancels or releases it. */
  private void execute(int slot, boolean indexed) {
    long id = pool.id(slot);
    if (pool.timeInForce(slot) == FOK && !fillable(slot)) {
      listener.onCancelled(id, pool.remaining(slot), CancelReason.FILL_OR_KILL);
      finish(slot, indexed);
      return;
    }
    long remaining = match(slot);
    if (remaining == 0) {
      finish(slot, indexed);
      return;
    }
    int tif = pool.timeInForce(slot);
    if (pool.type(slot) == MARKET || (tif != GTC && tif != DAY)) {
      if (uses.cancelled) {
        listener.onCancelled(id, remaining, CancelReason.IMMEDIATE_OR_CANCEL);
      }
      finish(slot, indexed);
      return;
    }
    pool.remaining(slot, remaining);
    long display = pool.display(slot);
    pool.visible(slot, display > 0 && display < remaining ? display : remaining);
    sides[pool.side(slot)].rest(slot);
    if (!indexed) {
      indexPut(id, slot);
    }
  }

  /** Drops a taker that will not rest: out of the index (if it was in it) and back to the pool. */
  private void finish(int slot, boolean indexed) {
    if (indexed) {
      index.remove(pool.id(slot));
    }
    pool.free(slot);
  }

  /**
   * Whether a FOK order can fill completely without meeting its own owner's orders (when it uses
   * self-trade prevention).
   */
  private boolean fillable(int slot) {
    int s = pool.side(slot);
    BookSide book = sides[1 - s];
    long limit = pool.price(slot);
    long need = pool.remaining(slot);
    long owner = pool.owner(slot);
    boolean stp = pool.selfTradePrevention(slot) != STP_NONE;
    long available = 0;
    for (int lvl = book.best(); lvl != NIL; lvl = book.nextWorse(lvl)) {
      long p = levels.price(lvl);
      if (s == BUY ? limit < p : limit > p) {
        return false;
      }
      for (int m = levels.head(lvl); m != NIL; m = pool.next(m)) {
        if (stp && pool.owner(m) == owner) {
          return false;
        }
        available += pool.remaining(m);
      }
      if (available >= need) {
        return true;
      }
    }
    return false;
  }

  /** Matches the taker in {@code slot} against the opposite side; returns what is left. */
  private long match(int slot) {
    OrderPool pool = this.pool;
    PriceLevels levels = this.levels;
    int s = pool.side(slot);
    BookSide book = sides[1 - s];
    Side side = SIDES[s];
    long limit = pool.price(slot);
    long q = pool.remaining(slot);
    long takerId = pool.id(slot);
    long owner = pool.owner(slot);
    int stp = pool.selfTradePrevention(slot);
    while (q > 0) {
      int lvl = book.best();
      if (lvl == NIL) {
        break;
      }
      long price = levels.price(lvl);
      if (s == BUY ? limit < price : limit > price) {
        break;
      }
      if (stp == STP_NONE) {
        q = sweep(book, lvl, price, takerId, owner, side, q);
        continue;
      }
      do {
        int m = levels.head(lvl);
        if (pool.owner(m) == owner) {
          q = preventSelfTrade(book, lvl, m, takerId, q, stp);
        } else {
          long t = Math.min(q, pool.visible(m));
          trade(m, takerId, owner, side, price, t);
          q -= t;
          take(book, m, lvl, t);
        }
      } while (q > 0 && levels.count(lvl) > 0);
    }
    return q;
  }

  /**
   * Matches a taker without self-trade prevention against the best level {@code lvl} of {@code
   * book} (at {@code price}) until the taker or the level is used up; returns the taker's quantity
   * left. The common case, a maker filled completely, takes a short path kept small enough for the
   * JIT to inline into this loop: the level's head moves on, the maker leaves the index and its
   * record returns to the pool. A partial fill and an iceberg refill take {@link #take}.
   */
  private long sweep(
      BookSide book, int lvl, long price, long takerId, long owner, Side side, long q) {
    OrderPool pool = this.pool;
    int m = levels.head(lvl);
    touchMakers(m, q);
    while (true) {
      long visible = pool.visible(m);
      long t = visible < q ? visible : q;
      trade(m, takerId, owner, side, price, t);
      q -= t;
      if (t != visible || pool.remaining(m) != t) {
        // A partial fill, or an iceberg's shown part used up (refilled to the back of the level).
        take(book, m, lvl, t);
        if (q == 0) {
          return 0;
        }
        m = levels.head(lvl);
        continue;
      }
      int next = pool.next(m);
      book.unlinkFilledHead(m, lvl, next, t);
      release(m);
      if (next == NIL || q == 0) {
        return q;
      }
      m = next;
    }
  }

  /**
   * Reports a trade of {@code t} between maker {@code m} and the taker to the listener (in the form
   * it overrides, if any) and records {@code price} as the last trade price; small enough for the
   * JIT to inline into both matching loops.
   */
  private void trade(int m, long takerId, long owner, Side side, long price, long t) {
    if (uses.tradeWithOwners) {
      listener.onTrade(pool.id(m), pool.owner(m), takerId, owner, side, price, t);
    } else if (uses.tradeWithoutOwners) {
      listener.onTrade(pool.id(m), takerId, side, price, t);
    }
    lastTradePrice = price;
  }

  /** How many makers ahead {@link #touchMakers} reads at most. */
  private static final int TOUCH_AHEAD = 16;

  /**
   * Reads the records of the makers the taker ({@code q} left) is about to meet from {@code m} on,
   * before matching starts: the records of a level's first orders (placed long ago) are usually not
   * in cache, and the loads issued here are independent of each other, so their misses overlap
   * instead of arriving one per fill. (The makers' id-index lines are not needed: a filled maker
   * leaves the index later, in {@link #drain}.) The loaded values feed {@link #touched} only so
   * that the JIT keeps the loads; nothing is changed.
   */
  private void touchMakers(int m, long q) {
    OrderPool pool = this.pool;
    long sink = 0;
    for (int k = 0; k < TOUCH_AHEAD && m != NIL && q > 0; k++) {
      long v = pool.visible(m);
      q -= v;
      sink ^= v;
      m = pool.next(m);
    }
    touched = sink;
  }

  /**
   * Self-trade prevention between the taker and the maker {@code m} at the head of the best level
   * {@code lvl}, both of the same owner; returns the taker's quantity left to match (0 if the taker
   * is cancelled).
   */
  private long preventSelfTrade(BookSide book, int lvl, int m, long takerId, long q, int mode) {
    if (mode == STP_CANCEL_NEWEST) {
      listener.onCancelled(takerId, q, CancelReason.SELF_TRADE);
      return 0;
    }
    if (mode == STP_CANCEL_OLDEST || mode == STP_CANCEL_BOTH) {
      listener.onCancelled(pool.id(m), pool.remaining(m), CancelReason.SELF_TRADE);
      book.remove(m);
      release(m);
      if (mode == STP_CANCEL_BOTH) {
        listener.onCancelled(takerId, q, CancelReason.SELF_TRADE);
        return 0;
      }
      return q;
    }
    // Decrement: both sides lose the quantity they would have traded, without a trade.
    long d = Math.min(q, pool.visible(m));
    listener.onSelfTradePrevented(pool.id(m), takerId, d);
    take(book, m, lvl, d);
    return q - d;
  }

  /** Takes {@code t} from the maker {@code m} at the head of {@code lvl}, releasing it if done. */
  private void take(BookSide book, int m, int lvl, long t) {
    if (book.consume(m, lvl, t) != BookSide.PARTIAL) {
      release(m);
    }
  }

  private void runStops() {
    while (stops.count() > 0 && lastTradePrice != NO_TRADE) {
      long last = lastTradePrice;
      int m = stops.firstTriggered(last);
      if (m == NIL) {
        return;
      }
      stops.unlink(m);
      listener.onTriggered(pool.id(m), last);
      pool.type(m, pool.type(m) == STOP ? MARKET : LIMIT);
      execute(m, true);
    }
  }

  /**
   * Marks a live order, no longer in the book or among the pending stops, dead: from now on every
   * lookup of its id finds nothing, and {@link #drain} later removes it from the index and returns
   * its slot to the pool.
   */
  private void release(int slot) {
    pool.remaining(slot, 0);
    dead[deadTop++] = slot;
    deadIndexed++;
  }

  /** Whether the indexed {@code slot} holds a released order (no live order has remaining 0). */
  private boolean isDead(int slot) {
    return pool.remaining(slot) == 0;
  }

  /** The slot of the live order {@code orderId}, or {@link OrderIndex#MISSING}. */
  private int liveSlot(long orderId) {
    int slot = index.get(orderId);
    return slot == OrderIndex.MISSING || isDead(slot) ? OrderIndex.MISSING : slot;
  }

  /** Maps {@code id}, which has no live order, to {@code slot}, replacing a dead entry. */
  private void indexPut(long id, int slot) {
    int b = index.find(id);
    if (b >= 0) {
      index.valueAt(b, slot);
      deadIndexed--;
    } else {
      index.putAt(b, id, slot);
    }
  }

  /**
   * Finishes up to {@code n} released orders, newest first: each leaves the index (unless its id
   * now belongs to a newer order) and its slot returns to the pool.
   */
  private void drain(int n) {
    OrderIndex index = this.index;
    int[] dead = this.dead;
    int top = deadTop;
    int stop = top > n ? top - n : 0;
    // Independent loads of the index lines first, so that their cache misses overlap.
    long sink = 0;
    for (int i = top - 1; i >= stop; i--) {
      sink ^= index.homeEntry(pool.id(dead[i]));
    }
    touched = sink;
    while (top > stop) {
      int slot = dead[--top];
      int b = index.find(pool.id(slot), slot);
      if (b >= 0) {
        index.removeAt(b);
        deadIndexed--;
      }
      pool.free(slot);
    }
    deadTop = top;
  }

  /** Released orders not yet drained (for tests). */
  int pendingRemovals() {
    return deadTop;
  }

  /** Entries in the id index, dead ones included (for tests). */
  int indexedIds() {
    return index.size();
  }

  /** Whether every slot holds a live order (after returning the released ones to the pool). */
  private boolean poolFull() {
    if (pool.isFull()) {
      drain(deadTop);
    }
    return pool.isFull();
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
