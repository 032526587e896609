package dev.blocks.orderbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.blocks.orderbook.Commands.Command;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The engine against {@link OrderBookModel}, and the book's invariants, after every step of random
 * command sequences. QuickTheories prints the seed and the shrunk command list on failure.
 */
class MatchingEngineProperties {

  private static final int EXAMPLES = 400;

  private static Gen<List<Command>> sequences() {
    return lists().of(Commands.commands()).ofSizeBetween(1, 80);
  }

  @Test
  void engineAgreesWithModelAfterEveryStep() {
    qt().withExamples(EXAMPLES)
        .withShrinkCycles(0)
        .forAll(sequences())
        .checkAssert(
            Minimizer.minimizing(
                commands -> {
                  int capacity = commands.size() % 3 == 0 ? 4 : 64;
                  RecordingListener events = new RecordingListener(false, true);
                  MatchingEngine engine =
                      MatchingEngine.builder().capacity(capacity).listener(events).build();
                  OrderBookModel model = new OrderBookModel(capacity);
                  OrderRequest scratch = new OrderRequest();
                  int step = 0;
                  for (Command c : commands) {
                    c.apply(engine, scratch);
                    c.apply(model, scratch);
                    String at = "step " + step++ + " " + c;
                    assertThat(events.drain()).as(at).isEqualTo(model.drain());
                    assertThat(OrderBookModel.orders(engine)).as(at).isEqualTo(model.orders());
                    long bid =
                        model.bids.isEmpty() ? MatchingEngine.NO_BID : model.bids.get(0).price;
                    long ask =
                        model.asks.isEmpty() ? MatchingEngine.NO_ASK : model.asks.get(0).price;
                    assertThat(engine.bestBid()).as(at).isEqualTo(bid);
                    assertThat(engine.bestAsk()).as(at).isEqualTo(ask);
                    assertThat(engine.lastTradePrice()).as(at).isEqualTo(model.lastTrade);
                    // Filled, cancelled and expired orders have left the id index at once.
                    assertThat(engine.orderCount()).as(at).isEqualTo(model.live());
                    for (long id = 1; id <= 24; id++) {
                      OrderBookModel.Order o = model.find(id);
                      assertThat(engine.remainingQuantity(id))
                          .as(at + " remaining of " + id)
                          .isEqualTo(o == null ? 0 : o.remaining);
                    }
                    for (long p = 95; p <= 105; p++) {
                      long shownBid = 0;
                      long shownAsk = 0;
                      for (OrderBookModel.Order o : model.bids) {
                        shownBid += o.price == p ? o.visible : 0;
                      }
                      for (OrderBookModel.Order o : model.asks) {
                        shownAsk += o.price == p ? o.visible : 0;
                      }
                      assertThat(engine.volumeAt(Side.BUY, p)).as(at).isEqualTo(shownBid);
                      assertThat(engine.volumeAt(Side.SELL, p)).as(at).isEqualTo(shownAsk);
                    }
                  }
                }));
  }

  @Test
  void invariantsHoldAfterEveryStep() {
    qt().withExamples(EXAMPLES)
        .withShrinkCycles(0)
        .forAll(sequences())
        .checkAssert(
            Minimizer.minimizing(
                commands -> {
                  Invariants inv = new Invariants();
                  MatchingEngine engine =
                      MatchingEngine.builder().capacity(64).listener(inv).build();
                  inv.engine = engine;
                  OrderRequest scratch = new OrderRequest();
                  int step = 0;
                  for (Command c : commands) {
                    long before = engine.stateHash();
                    if (c instanceof Commands.New n && n.display() > 0 && n.display() < n.qty()) {
                      // A refill requeues an iceberg, possibly in the step that rests it (when
                      // its hidden part is used up at once), so FIFO by stamp never applies to it.
                      inv.icebergs.add(n.id());
                    }
                    inv.beginStep();
                    c.apply(engine, scratch);
                    inv.endStep("step " + step++ + " " + c, before);
                  }
                }));
  }

  @Test
  void levelUpdatesRebuildTheEngineDepth() {
    qt().withExamples(EXAMPLES)
        .withShrinkCycles(0)
        .forAll(sequences())
        .checkAssert(
            Minimizer.minimizing(
                commands -> {
                  Map<Long, Long> bids = new TreeMap<>();
                  Map<Long, Long> asks = new TreeMap<>();
                  OrderBookListener l2 =
                      new OrderBookListener() {
                        @Override
                        public void onLevelChanged(Side side, long price, long qty) {
                          Map<Long, Long> book = side == Side.BUY ? bids : asks;
                          if (qty == 0) {
                            book.remove(price);
                          } else {
                            book.put(price, qty);
                          }
                        }
                      };
                  MatchingEngine engine =
                      MatchingEngine.builder().capacity(64).listener(l2).build();
                  OrderRequest scratch = new OrderRequest();
                  for (Command c : commands) {
                    c.apply(engine, scratch);
                    assertThat(bids).as("bids after " + c).isEqualTo(depth(engine, Side.BUY));
                    assertThat(asks).as("asks after " + c).isEqualTo(depth(engine, Side.SELL));
                  }
                }));
  }

  @Test
  void sameCommandsGiveSameEventsAndStateHash() {
    qt().withExamples(100)
        .withShrinkCycles(0)
        .forAll(sequences())
        .checkAssert(
            Minimizer.minimizing(
                commands -> {
                  RecordingListener a = new RecordingListener(true);
                  RecordingListener b = new RecordingListener(true);
                  MatchingEngine ea = MatchingEngine.builder().capacity(64).listener(a).build();
                  MatchingEngine eb = MatchingEngine.builder().capacity(64).listener(b).build();
                  OrderRequest scratch = new OrderRequest();
                  for (Command c : commands) {
                    c.apply(ea, scratch);
                    c.apply(eb, scratch);
                  }
                  assertThat(b.events).isEqualTo(a.events);
                  assertThat(eb.stateHash()).isEqualTo(ea.stateHash());
                }));
  }

  /**
   * After any command sequence, each further resting limit order removes the two newest released
   * orders from the id index (or all if fewer), and once none is pending the index holds exactly
   * the live orders.
   */
  @Test
  void releasedOrdersDrainTwoPerRestingLimit() {
    qt().withExamples(EXAMPLES)
        .forAll(sequences())
        .checkAssert(
            commands -> {
              MatchingEngine engine = MatchingEngine.builder().capacity(64).build();
              OrderRequest scratch = new OrderRequest();
              for (Command c : commands) {
                c.apply(engine, scratch);
              }
              int live = engine.orderCount();
              long id = 1000;
              while (engine.pendingRemovals() > 0) {
                int before = engine.pendingRemovals();
                engine.limit(id++, 9, Side.BUY, 1, 1);
                live++;
                assertThat(engine.pendingRemovals()).isEqualTo(Math.max(0, before - 2));
                assertThat(engine.orderCount()).isEqualTo(live);
              }
              assertThat(engine.indexedIds()).isEqualTo(engine.orderCount());
            });
  }

  /**
   * A snapshot taken at any point (filled orders possibly not yet physically removed from the id
   * index) recreates an engine with the same state hash and the same future: the same further
   * commands give the same events and the same state hash in the original engine and in the copy,
   * whose index holds only live orders.
   */
  @Test
  void snapshotAtAnyPointHasTheSameFuture() {
    qt().withExamples(150)
        .withShrinkCycles(0)
        .forAll(sequences(), sequences())
        .checkAssert(
            (before, after) -> {
              RecordingListener a = new RecordingListener(true);
              RecordingListener b = new RecordingListener(true);
              MatchingEngine ea = MatchingEngine.builder().capacity(8).listener(a).build();
              MatchingEngine eb = MatchingEngine.builder().capacity(8).listener(b).build();
              OrderRequest scratch = new OrderRequest();
              for (Command c : before) {
                c.apply(ea, scratch);
              }
              ByteArrayOutputStream bytes = new ByteArrayOutputStream();
              try {
                ea.writeSnapshot(new DataOutputStream(bytes));
                eb.readSnapshot(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              assertThat(eb.stateHash()).isEqualTo(ea.stateHash());
              assertThat(eb.orderCount()).isEqualTo(ea.orderCount());
              a.events.clear();
              b.events.clear();
              for (Command c : after) {
                c.apply(ea, scratch);
                c.apply(eb, scratch);
                assertThat(b.events).as("after " + c).isEqualTo(a.events);
                assertThat(eb.stateHash()).as("after " + c).isEqualTo(ea.stateHash());
                assertThat(eb.orderCount()).as("after " + c).isEqualTo(ea.orderCount());
              }
            });
  }

  /** Overrides only the five-argument {@code onTrade}, as a fill-only consumer would. */
  static class ShortTrades implements OrderBookListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void onTrade(long maker, long taker, Side side, long price, long qty) {
      events.add(RecordingListener.trade(maker, taker, side, price, qty));
    }
  }

  /** Inherits its only callback from {@link ShortTrades}. */
  static final class InheritedTrades extends ShortTrades {}

  /**
   * The engine skips the callbacks a listener leaves at their empty defaults: listeners that each
   * override only some callbacks (trades in either form, inherited or not, level updates,
   * acceptances and cancellations) see exactly the events of those kinds that a listener overriding
   * every callback sees, and the books end in the same state.
   */
  @Test
  void listenersOverridingFewCallbacksSeeTheSameEvents() {
    qt().withExamples(EXAMPLES)
        .withShrinkCycles(0)
        .forAll(sequences())
        .checkAssert(
            Minimizer.minimizing(
                commands -> {
                  RecordingListener all = new RecordingListener(true, true);
                  ShortTrades shortTrades = new ShortTrades();
                  InheritedTrades inherited = new InheritedTrades();
                  List<String> longTrades = new ArrayList<>();
                  List<String> levels = new ArrayList<>();
                  List<String> acceptedCancelled = new ArrayList<>();
                  OrderBookListener longForm =
                      new OrderBookListener() {
                        @Override
                        public void onTrade(
                            long maker,
                            long makerOwner,
                            long taker,
                            long takerOwner,
                            Side side,
                            long price,
                            long qty) {
                          longTrades.add(
                              RecordingListener.trade(maker, taker, side, price, qty)
                                  + RecordingListener.owners(makerOwner, takerOwner));
                        }
                      };
                  OrderBookListener levelsOnly =
                      new OrderBookListener() {
                        @Override
                        public void onLevelChanged(Side side, long price, long qty) {
                          levels.add("level " + side + " " + price + " " + qty);
                        }
                      };
                  OrderBookListener lifecycle =
                      new OrderBookListener() {
                        @Override
                        public void onAccepted(long id, long owner, Side side, long p, long q) {
                          acceptedCancelled.add(RecordingListener.accepted(id, owner, side, p, q));
                        }

                        @Override
                        public void onCancelled(long id, long remaining, CancelReason reason) {
                          acceptedCancelled.add(RecordingListener.cancelled(id, remaining, reason));
                        }
                      };
                  OrderBookListener[] listeners = {
                    all, shortTrades, inherited, longForm, levelsOnly, lifecycle
                  };
                  MatchingEngine[] engines = new MatchingEngine[listeners.length];
                  for (int i = 0; i < engines.length; i++) {
                    engines[i] =
                        MatchingEngine.builder().capacity(64).listener(listeners[i]).build();
                  }
                  OrderRequest scratch = new OrderRequest();
                  for (Command c : commands) {
                    for (MatchingEngine e : engines) {
                      c.apply(e, scratch);
                    }
                  }
                  List<String> trades = new ArrayList<>();
                  List<String> tradesWithOwners = new ArrayList<>();
                  List<String> levelEvents = new ArrayList<>();
                  List<String> lifecycleEvents = new ArrayList<>();
                  for (String e : all.events) {
                    if (e.startsWith("trade ")) {
                      tradesWithOwners.add(e);
                      trades.add(e.substring(0, e.indexOf(" owners=")));
                    } else if (e.startsWith("level ")) {
                      levelEvents.add(e);
                    } else if (e.startsWith("accepted ") || e.startsWith("cancelled ")) {
                      lifecycleEvents.add(e);
                    }
                  }
                  assertThat(shortTrades.events).isEqualTo(trades);
                  assertThat(inherited.events).isEqualTo(trades);
                  assertThat(longTrades).isEqualTo(tradesWithOwners);
                  assertThat(levels).isEqualTo(levelEvents);
                  assertThat(acceptedCancelled).isEqualTo(lifecycleEvents);
                  for (MatchingEngine e : engines) {
                    assertThat(e.stateHash()).isEqualTo(engines[0].stateHash());
                  }
                }));
  }

  /**
   * With many price levels a side (far more than the few next to the best price that placing an
   * order scans before it searches), depth after every limit order and cancel equals a sorted map
   * of resting quantity per price.
   */
  @Test
  void depthWithManyLevelsEqualsASortedMap() {
    qt().withExamples(100)
        .forAll(
            lists()
                .of(
                    org.quicktheories.generators.SourceDSL.integers()
                        .between(-60, 60)
                        .zip(
                            org.quicktheories.generators.SourceDSL.integers().between(1, 9),
                            (p, q) -> new long[] {p, q}))
                .ofSizeBetween(1, 300))
        .checkAssert(
            orders -> {
              MatchingEngine engine = MatchingEngine.builder().capacity(512).build();
              Map<Long, Long> bids = new TreeMap<>(java.util.Comparator.reverseOrder());
              Map<Long, Long> asks = new TreeMap<>();
              Map<Long, long[]> live = new java.util.LinkedHashMap<>();
              long id = 0;
              for (long[] o : orders) {
                id++;
                if (o[1] == 9 && !live.isEmpty()) {
                  // Cancel the oldest live order.
                  long victim = live.keySet().iterator().next();
                  long[] v = live.remove(victim);
                  engine.cancel(victim);
                  Map<Long, Long> book = v[0] > 0 ? asks : bids;
                  long left = book.get(v[1]) - v[2];
                  if (left == 0) {
                    book.remove(v[1]);
                  } else {
                    book.put(v[1], left);
                  }
                } else {
                  // Bids at 1..60, asks at 101..160: never crossing, up to 60 levels a side.
                  boolean sell = o[0] > 0;
                  long price = sell ? 100 + o[0] : 61 + o[0];
                  engine.limit(id, 1, sell ? Side.SELL : Side.BUY, price, o[1]);
                  (sell ? asks : bids).merge(price, o[1], Long::sum);
                  live.put(id, new long[] {sell ? 1 : 0, price, o[1]});
                }
                assertThat(levels(engine, Side.BUY)).isEqualTo(new ArrayList<>(bids.entrySet()));
                assertThat(levels(engine, Side.SELL)).isEqualTo(new ArrayList<>(asks.entrySet()));
              }
            });
  }

  /** The engine's depth of {@code side} as (price, quantity) pairs, best first. */
  static List<Map.Entry<Long, Long>> levels(MatchingEngine engine, Side side) {
    long[] prices = new long[engine.levelCount(side)];
    long[] qty = new long[prices.length];
    int n = engine.depth(side, prices, qty);
    List<Map.Entry<Long, Long>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Map.entry(prices[i], qty[i]));
    }
    return out;
  }

  static Map<Long, Long> depth(MatchingEngine engine, Side side) {
    long[] prices = new long[engine.levelCount(side)];
    long[] qty = new long[prices.length];
    int n = engine.depth(side, prices, qty);
    Map<Long, Long> out = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      out.put(prices[i], qty[i]);
    }
    return out;
  }

  /** Checks the invariants from the events of each step and the engine's state after it. */
  static final class Invariants implements OrderBookListener {
    MatchingEngine engine;
    final Map<Long, Long> open = new HashMap<>();
    final Map<Long, Long> stamp = new HashMap<>();
    final Map<Long, Long> price = new HashMap<>();
    final Set<Long> icebergs = new HashSet<>();
    long clock;
    long accepted;
    long adjusted;
    long filled;
    long cancelled;
    long expired;
    long decremented;
    final List<long[]> trades = new ArrayList<>(); // side, price, taker
    boolean triggered;
    int eventCount;
    boolean onlyRejected;

    void beginStep() {
      trades.clear();
      triggered = false;
      eventCount = 0;
      onlyRejected = true;
    }

    private void event(boolean rejection) {
      eventCount++;
      onlyRejected &= rejection;
    }

    @Override
    public void onAccepted(long id, long owner, Side side, long p, long qty) {
      event(false);
      accepted += qty;
      open.put(id, qty);
      price.put(id, p);
      stamp.put(id, clock++);
    }

    @Override
    public void onRejected(long id, RejectReason reason) {
      event(true);
    }

    @Override
    public void onTrade(long maker, long taker, Side takerSide, long p, long qty) {
      event(false);
      assertThat(qty).isPositive();
      filled += 2 * qty;
      open.merge(maker, -qty, Long::sum);
      open.merge(taker, -qty, Long::sum);
      trades.add(new long[] {takerSide.ordinal(), p, taker});
    }

    @Override
    public void onCancelled(long id, long remaining, CancelReason reason) {
      event(false);
      assertThat(open.get(id)).as("cancelled quantity of " + id).isEqualTo(remaining);
      cancelled += remaining;
      open.put(id, 0L);
    }

    @Override
    public void onExpired(long id, long remaining) {
      event(false);
      assertThat(open.get(id)).as("expired quantity of " + id).isEqualTo(remaining);
      expired += remaining;
      open.put(id, 0L);
    }

    @Override
    public void onReplaced(long id, long p, long qty) {
      event(false);
      long old = open.get(id);
      adjusted += qty - old;
      if (p != price.get(id) || qty > old) {
        stamp.put(id, clock++);
      }
      price.put(id, p);
      open.put(id, qty);
    }

    @Override
    public void onTriggered(long id, long last) {
      event(false);
      triggered = true;
      stamp.put(id, clock++);
    }

    @Override
    public void onSelfTradePrevented(long maker, long taker, long qty) {
      event(false);
      decremented += 2 * qty;
      open.merge(maker, -qty, Long::sum);
      open.merge(taker, -qty, Long::sum);
    }

    void endStep(String at, long hashBefore) {
      long bid = engine.bestBid();
      long ask = engine.bestAsk();
      if (bid != MatchingEngine.NO_BID && ask != MatchingEngine.NO_ASK) {
        assertThat(bid).as("best bid < best ask, " + at).isLessThan(ask);
      }
      if (onlyRejected && eventCount > 0) {
        assertThat(engine.stateHash())
            .as("a rejection changes nothing, " + at)
            .isEqualTo(hashBefore);
      }
      // No trade through a better price: a taker's prices only get worse, and nothing better than
      // a trade's price is left on the other side.
      Map<Long, Long> lastPrice = new HashMap<>();
      for (long[] t : trades) {
        boolean buy = t[0] == Side.BUY.ordinal();
        Long prev = lastPrice.put(t[2], t[1]);
        if (prev != null) {
          assertThat(buy ? t[1] >= prev : t[1] <= prev).as("taker price order, " + at).isTrue();
        }
        if (!triggered) {
          if (buy) {
            assertThat(ask).as("no ask left below a buy trade, " + at).isGreaterThanOrEqualTo(t[1]);
          } else {
            assertThat(bid).as("no bid left above a sell trade, " + at).isLessThanOrEqualTo(t[1]);
          }
        }
      }
      // Resting quantities and FIFO within each level.
      long[] resting = {0};
      for (Side side : Side.values()) {
        long[] prevPrice = {Long.MIN_VALUE};
        long[] prevStamp = {Long.MIN_VALUE};
        engine.forEachOrder(
            side,
            (id, owner, s, p, rem, vis) -> {
              resting[0] += rem;
              assertThat(open.get(id)).as("open quantity of " + id + ", " + at).isEqualTo(rem);
              if (vis < rem) {
                icebergs.add(id);
              }
              if (p != prevPrice[0]) {
                prevPrice[0] = p;
                prevStamp[0] = Long.MIN_VALUE;
              }
              if (!icebergs.contains(id)) {
                assertThat(stamp.get(id))
                    .as("FIFO at " + p + ", " + at)
                    .isGreaterThan(prevStamp[0]);
                prevStamp[0] = stamp.get(id);
              }
            });
      }
      engine.forEachStop((id, owner, s, p, rem, vis) -> resting[0] += rem);
      assertThat(accepted + adjusted)
          .as("quantity conserved, " + at)
          .isEqualTo(filled + cancelled + expired + decremented + resting[0]);
      open.values().removeIf(v -> v == 0);
      assertThat(open.values().stream().mapToLong(Long::longValue).sum())
          .as("open orders are exactly the live ones, " + at)
          .isEqualTo(resting[0]);
    }
  }
}
