package dev.blocks.bench.orderbook;

import com.paritytrading.parity.match.OrderBook;
import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderBookListener;
import dev.blocks.orderbook.OrderRequest;
import dev.blocks.orderbook.Side;
import dev.blocks.orderbook.journal.Sequencer;
import exchange.core2.collections.objpool.ObjectsPool;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.MatcherEventType;
import exchange.core2.core.common.MatcherTradeEvent;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import exchange.core2.core.common.config.LoggingConfiguration;
import exchange.core2.core.orderbook.OrderBookDirectImpl;
import exchange.core2.core.orderbook.OrderBookEventsHelper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One matching engine behind the same replay interface; each keeps a hash of its fills. */
public abstract class Venue {
  long fillHash;
  long trades;

  /** Applies event {@code i} of {@code flow}. */
  public abstract void apply(OrderFlow flow, int i);

  /** Called before each replay of the flow (whose order ids repeat from pass to pass). */
  public void startPass() {}

  /**
   * Replays the whole flow once. Every venue overrides it with the same loop, so that each loop has
   * its own call profile and calls its own (final) {@code apply} directly: with one shared loop,
   * the call would turn megamorphic once a second venue ran, and every venue would pay a virtual
   * call per event that belongs to none of them.
   */
  public abstract void replay(OrderFlow flow);

  public long fillHash() {
    return fillHash;
  }

  public long trades() {
    return trades;
  }

  /** Trades recorded since the last {@link #foldRecordedFills()}, 4 longs each, or null. */
  private long[] recorded;

  private int recordedLongs;

  final void trade(long maker, long taker, long price, long qty) {
    long[] r = recorded;
    if (r == null) {
      fillHash = OrderFlow.mixTrade(fillHash, maker, taker, price, qty);
    } else {
      int n = recordedLongs;
      r[n] = maker;
      r[n + 1] = taker;
      r[n + 2] = price;
      r[n + 3] = qty;
      recordedLongs = n + 4;
    }
    trades++;
  }

  /**
   * From now on, trades are only recorded (four stores each) and folded into the fill hash by
   * {@link #foldRecordedFills()}, which gives the same hash: so that a latency measurement can
   * leave the hash's serial multiply chain (about as long as a fill itself) out of the timed
   * events.
   */
  void recordFills(int maxTradesPerFold) {
    recorded = new long[4 * maxTradesPerFold];
  }

  /** Folds the recorded trades, in order, into the fill hash. */
  void foldRecordedFills() {
    long[] r = recorded;
    long h = fillHash;
    for (int i = 0; i < recordedLongs; i += 4) {
      h = OrderFlow.mixTrade(h, r[i], r[i + 1], r[i + 2], r[i + 3]);
    }
    fillHash = h;
    recordedLongs = 0;
  }

  /** Fills {@code r} with event {@code i} of {@code f}, a limit or market order (not a cancel). */
  static OrderRequest request(OrderRequest r, OrderFlow f, int i) {
    r.clear().orderId(f.id[i]).owner(1).side(f.buy[i] ? Side.BUY : Side.SELL);
    if (f.kind[i] == OrderFlow.MARKET) {
      r.market(f.price[i]);
    } else {
      r.limit(f.price[i]);
    }
    return r.quantity(f.quantity[i]);
  }

  public static Venue of(String name) {
    return switch (name) {
      case "blocks" -> new Blocks();
      case "exchangeCoreDirect" -> new ExchangeCoreDirect();
      case "parity" -> new Parity();
      case "blocksJournaled" -> new BlocksJournaled(true, true);
      case "journalNoForce" -> new BlocksJournaled(false, true);
      case "journalSyncNoForce" -> new BlocksJournaled(false, false);
      case "blocksSubmit" -> new BlocksSubmit();
      default -> throw new IllegalArgumentException("unknown venue " + name);
    };
  }

  /** Blocks' {@link MatchingEngine}. */
  public static final class Blocks extends Venue implements OrderBookListener {
    private final MatchingEngine engine =
        MatchingEngine.builder().capacity(1 << 16).listener(this).build();

    @Override
    public void onTrade(long maker, long taker, Side side, long price, long qty) {
      trade(maker, taker, price, qty);
    }

    @Override
    public void replay(OrderFlow flow) {
      startPass();
      for (int i = 0; i < flow.size; i++) {
        apply(flow, i);
      }
    }

    @Override
    public void apply(OrderFlow f, int i) {
      applyTo(engine, f, i);
    }

    /**
     * Applies event {@code i} of the flow to a bare engine through its {@code limit}, {@code
     * market} and {@code cancel} shorthands (also used by the profiling and latency harnesses).
     */
    static void applyTo(MatchingEngine engine, OrderFlow f, int i) {
      switch (f.kind[i]) {
        case OrderFlow.PASSIVE, OrderFlow.MARKETABLE ->
            engine.limit(f.id[i], 1, f.buy[i] ? Side.BUY : Side.SELL, f.price[i], f.quantity[i]);
        case OrderFlow.MARKET ->
            engine.market(f.id[i], 1, f.buy[i] ? Side.BUY : Side.SELL, f.quantity[i], f.price[i]);
        default -> engine.cancel(f.id[i]);
      }
    }
  }

  /**
   * Blocks' engine behind a {@link Sequencer}, fed through its {@code limit}, {@code market} and
   * {@code cancel} (as the in-memory venue uses the engine's): every command is journaled (CRC32C
   * record) before it is applied, with automatic group commit (a group is due at 16,384 commands or
   * 1 MiB; the system properties {@code journal.group}, {@code journal.groupBytes} and {@code
   * journal.buffer} change these and the buffer size for experiments) written and forced by the
   * background flusher thread while matching continues (two 4 MiB buffers); each pass ends with a
   * blocking commit, so everything is durable when the pass is timed as done. Passes keep appending
   * to the open journal (the book is empty between passes); every {@link #PASSES_PER_FILE} passes
   * the file is closed, deleted and a new one opened, so that opening a journal (two buffers to
   * allocate, a thread to start, the old file to delete) is not charged to every pass as if a
   * running journal paid it per million commands.
   */
  public static final class BlocksJournaled extends Venue implements OrderBookListener {
    /** Passes appended to one journal file (about 10 MB each) before it is replaced. */
    static final int PASSES_PER_FILE = 16;

    private final MatchingEngine engine =
        MatchingEngine.builder().capacity(1 << 16).listener(this).build();
    private final Path file;
    private final boolean force;
    private final boolean background;
    private Sequencer sequencer;
    private int passes;

    BlocksJournaled(boolean force, boolean background) {
      this.force = force;
      this.background = background;
      try {
        file = Files.createTempFile("orderbook-bench", ".journal");
        // The venue has no close: a benchmark JVM keeps it to the end, and its (up to ~160 MB)
        // journal must not outlive that JVM in the temp directory.
        file.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void startPass() {
      if (sequencer != null && ++passes % PASSES_PER_FILE != 0) {
        return;
      }
      try {
        if (sequencer != null) {
          sequencer.close();
        }
        Files.deleteIfExists(file);
        sequencer =
            Sequencer.builder(file, engine)
                .force(force)
                .background(background)
                .bufferBytes(Integer.getInteger("journal.buffer", 4 << 20))
                .groupCommit(
                    Integer.getInteger("journal.group", 16_384),
                    Integer.getInteger("journal.groupBytes", 1 << 20))
                .open();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void onTrade(long maker, long taker, Side side, long price, long qty) {
      trade(maker, taker, price, qty);
    }

    @Override
    public void replay(OrderFlow flow) {
      startPass();
      for (int i = 0; i < flow.size; i++) {
        apply(flow, i);
      }
    }

    @Override
    public void apply(OrderFlow f, int i) {
      Sequencer s = sequencer;
      switch (f.kind[i]) {
        case OrderFlow.PASSIVE, OrderFlow.MARKETABLE ->
            s.limit(f.id[i], 1, f.buy[i] ? Side.BUY : Side.SELL, f.price[i], f.quantity[i]);
        case OrderFlow.MARKET ->
            s.market(f.id[i], 1, f.buy[i] ? Side.BUY : Side.SELL, f.quantity[i], f.price[i]);
        default -> s.cancel(f.id[i]);
      }
      if (i == f.size - 1) {
        s.commit();
      }
    }
  }

  /** Blocks' engine fed through {@link MatchingEngine#submit} with a reused request, in memory. */
  public static final class BlocksSubmit extends Venue implements OrderBookListener {
    private final MatchingEngine engine =
        MatchingEngine.builder().capacity(1 << 16).listener(this).build();
    private final OrderRequest request = new OrderRequest();

    @Override
    public void onTrade(long maker, long taker, Side side, long price, long qty) {
      trade(maker, taker, price, qty);
    }

    @Override
    public void replay(OrderFlow flow) {
      startPass();
      for (int i = 0; i < flow.size; i++) {
        apply(flow, i);
      }
    }

    @Override
    public void apply(OrderFlow f, int i) {
      if (f.kind[i] == OrderFlow.CANCEL) {
        engine.cancel(f.id[i]);
      } else {
        engine.submit(request(request, f, i));
      }
    }
  }

  /** exchange-core's {@code OrderBookDirectImpl}, used directly without its pipeline. */
  public static final class ExchangeCoreDirect extends Venue {
    private final OrderBookDirectImpl book;
    private final OrderCommand cmd = new OrderCommand();

    ExchangeCoreDirect() {
      CoreSymbolSpecification spec =
          CoreSymbolSpecification.builder()
              .symbolId(1)
              .type(SymbolType.CURRENCY_EXCHANGE_PAIR)
              .baseCurrency(1)
              .quoteCurrency(2)
              .baseScaleK(1)
              .quoteScaleK(1)
              .build();
      book =
          new OrderBookDirectImpl(
              spec,
              ObjectsPool.createDefaultTestPool(),
              OrderBookEventsHelper.NON_POOLED_EVENTS_HELPER,
              LoggingConfiguration.DEFAULT);
      cmd.symbol = 1;
      cmd.uid = 1;
    }

    @Override
    public void replay(OrderFlow flow) {
      startPass();
      for (int i = 0; i < flow.size; i++) {
        apply(flow, i);
      }
    }

    @Override
    public void apply(OrderFlow f, int i) {
      OrderCommand c = cmd;
      c.matcherEvent = null;
      c.orderId = f.id[i];
      byte k = f.kind[i];
      if (k == OrderFlow.CANCEL) {
        c.command = OrderCommandType.CANCEL_ORDER;
        book.cancelOrder(c);
        return;
      }
      c.command = OrderCommandType.PLACE_ORDER;
      c.orderType = k == OrderFlow.MARKET ? OrderType.IOC : OrderType.GTC;
      c.action = f.buy[i] ? OrderAction.BID : OrderAction.ASK;
      c.price = f.price[i];
      c.reserveBidPrice = f.price[i];
      c.size = f.quantity[i];
      book.newOrder(c);
      for (MatcherTradeEvent e = c.matcherEvent; e != null; e = e.nextEvent) {
        if (e.eventType == MatcherEventType.TRADE) {
          trade(e.matchedOrderId, c.orderId, e.price, e.size);
        }
      }
    }
  }

  /**
   * parity-match's {@code OrderBook}; a market order is entered at its cap and its rest cancelled.
   */
  public static final class Parity extends Venue
      implements com.paritytrading.parity.match.OrderBookListener {
    private final OrderBook book = new OrderBook(this);
    private long rested = -1;
    private long offset = -(1L << 40);

    @Override
    public void startPass() {
      offset += 1L << 40;
    }

    @Override
    public void match(
        long resting,
        long incoming,
        com.paritytrading.parity.match.Side side,
        long price,
        long executed,
        long remaining) {
      trade(resting - offset, incoming - offset, price, executed);
    }

    @Override
    public void add(long orderId, com.paritytrading.parity.match.Side side, long price, long size) {
      rested = orderId;
    }

    @Override
    public void cancel(long orderId, long canceled, long remaining) {}

    @Override
    public void replay(OrderFlow flow) {
      startPass();
      for (int i = 0; i < flow.size; i++) {
        apply(flow, i);
      }
    }

    @Override
    public void apply(OrderFlow f, int i) {
      long id = f.id[i] + offset;
      byte k = f.kind[i];
      if (k == OrderFlow.CANCEL) {
        book.cancel(id, 0);
        return;
      }
      book.enter(
          id,
          f.buy[i]
              ? com.paritytrading.parity.match.Side.BUY
              : com.paritytrading.parity.match.Side.SELL,
          f.price[i],
          f.quantity[i]);
      if (k == OrderFlow.MARKET && rested == id) {
        book.cancel(id, 0);
      }
    }
  }
}
