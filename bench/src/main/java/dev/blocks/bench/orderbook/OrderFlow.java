package dev.blocks.bench.orderbook;

import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderBookListener;
import dev.blocks.orderbook.Side;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic single-instrument order flow, generated once from a fixed seed and replayed by every
 * engine: about 62 % passive limit orders at a power-law distance from the best opposite price, 3 %
 * marketable limit orders (GTC), 3 % market orders (IOC with a protection cap), 32 % cancels of
 * live orders, with about {@code targetLive} live orders throughout. The size of aggressive orders
 * adapts (deterministically) to hold the live count near the target. The flow starts from an empty
 * book (its first {@code targetLive} events build the book) and ends with cancels of every order
 * still live, so it can be replayed in a loop against the same book.
 */
public final class OrderFlow {
  public static final byte PASSIVE = 0;
  public static final byte MARKETABLE = 1;
  public static final byte MARKET = 2;
  public static final byte CANCEL = 3;

  public final int size;
  public final byte[] kind;
  public final boolean[] buy;
  public final long[] id;
  public final long[] price;
  public final long[] quantity;
  public final int[] counts = new int[4];

  private OrderFlow(int capacity) {
    kind = new byte[capacity];
    buy = new boolean[capacity];
    id = new long[capacity];
    price = new long[capacity];
    quantity = new long[capacity];
    size = 0;
  }

  private OrderFlow(OrderFlow b, int size) {
    this.size = size;
    this.kind = java.util.Arrays.copyOf(b.kind, size);
    this.buy = java.util.Arrays.copyOf(b.buy, size);
    this.id = java.util.Arrays.copyOf(b.id, size);
    this.price = java.util.Arrays.copyOf(b.price, size);
    this.quantity = java.util.Arrays.copyOf(b.quantity, size);
    System.arraycopy(b.counts, 0, counts, 0, 4);
  }

  /**
   * Generates exactly {@code events} events from {@code seed}, the last of them cancels of every
   * order still live (and, if needed to hit the count, one cancel of an unknown id).
   */
  public static OrderFlow generate(long seed, int events, int targetLive) {
    OrderFlow f = new OrderFlow(events);
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] makers = new long[4096];
    int[] makerCount = {0};
    OrderBookListener listener =
        new OrderBookListener() {
          @Override
          public void onTrade(long maker, long taker, Side side, long p, long q) {
            if (makerCount[0] < makers.length) {
              makers[makerCount[0]++] = maker;
            }
          }
        };
    MatchingEngine engine =
        MatchingEngine.builder().capacity(8 * targetLive + 1024).listener(listener).build();
    long[] live = new long[8 * targetLive + 1024];
    Map<Long, Integer> pos = new HashMap<>();
    int liveCount = 0;
    long nextId = 1;
    long mid = 1_000_000;
    double takerMean = 200;
    int n = 0;
    for (int e = 0; n + liveCount < events - 1; e++) {
      if (e % 1000 == 0 && e >= targetLive) {
        takerMean =
            liveCount > targetLive
                ? Math.min(takerMean * 1.05, 1e6)
                : Math.max(takerMean / 1.05, 5);
      }
      double r = rnd.nextDouble();
      byte k;
      if (e < targetLive || r < 0.62) {
        k = PASSIVE;
      } else if (r < 0.65) {
        k = MARKETABLE;
      } else if (r < 0.68) {
        k = MARKET;
      } else {
        k = liveCount == 0 ? PASSIVE : CANCEL;
      }
      boolean isBuy = rnd.nextBoolean();
      long bid = engine.bestBid();
      long ask = engine.bestAsk();
      boolean hasBid = bid != MatchingEngine.NO_BID;
      boolean hasAsk = ask != MatchingEngine.NO_ASK;
      if ((k == MARKETABLE || k == MARKET) && !(isBuy ? hasAsk : hasBid)) {
        k = PASSIVE;
      }
      long p;
      long q;
      long oid;
      if (k == CANCEL) {
        int idx = rnd.nextInt(liveCount);
        oid = live[idx];
        p = 0;
        q = 0;
        isBuy = false;
      } else {
        oid = nextId++;
        if (k == PASSIVE) {
          long d = (long) Math.floor(Math.pow(1 - rnd.nextDouble(), -1 / 1.3)) - 1;
          d = Math.min(d, 5_000);
          if (isBuy) {
            p = hasAsk ? ask - 1 - d : (hasBid ? bid - d : mid - d);
          } else {
            p = hasBid ? bid + 1 + d : (hasAsk ? ask + d : mid + d);
          }
          p = Math.max(p, 1);
          q = 1 + rnd.nextInt(100);
        } else {
          long offset = k == MARKETABLE ? rnd.nextInt(3) : 20;
          p = isBuy ? ask + offset : Math.max(1, bid - offset);
          q = 1 + (long) (rnd.nextDouble() * 2 * takerMean);
        }
      }
      f.kind[n] = k;
      f.buy[n] = isBuy;
      f.id[n] = oid;
      f.price[n] = p;
      f.quantity[n] = q;
      f.counts[k]++;
      n++;
      makerCount[0] = 0;
      Side side = isBuy ? Side.BUY : Side.SELL;
      switch (k) {
        case PASSIVE, MARKETABLE -> engine.limit(oid, 1, side, p, q);
        case MARKET -> engine.market(oid, 1, side, q, p);
        default -> engine.cancel(oid);
      }
      if (k == CANCEL) {
        liveCount = remove(live, pos, liveCount, oid);
      } else if (engine.remainingQuantity(oid) > 0) {
        live[liveCount] = oid;
        pos.put(oid, liveCount++);
      }
      if (makerCount[0] == makers.length) {
        throw new IllegalStateException("too many trades in one event");
      }
      for (int i = 0; i < makerCount[0]; i++) {
        if (engine.remainingQuantity(makers[i]) == 0 && pos.containsKey(makers[i])) {
          liveCount = remove(live, pos, liveCount, makers[i]);
        }
      }
    }
    if (n + liveCount < events) {
      f.kind[n] = CANCEL;
      f.id[n] = nextId; // never used: rejected as unknown
      f.counts[CANCEL]++;
      n++;
    }
    for (int i = 0; i < liveCount; i++) {
      f.kind[n] = CANCEL;
      f.id[n] = live[i];
      f.counts[CANCEL]++;
      n++;
    }
    return new OrderFlow(f, n);
  }

  private static int remove(long[] live, Map<Long, Integer> pos, int count, long oid) {
    int idx = pos.remove(oid);
    long last = live[count - 1];
    live[idx] = last;
    if (last != oid) {
      pos.put(last, idx);
    }
    return count - 1;
  }

  /** Mixes one trade into a running fill-sequence hash. */
  public static long mixTrade(long h, long maker, long taker, long price, long qty) {
    h = (h ^ maker) * 0x9E3779B97F4A7C15L;
    h = (h ^ taker) * 0xBF58476D1CE4E5B9L;
    h = (h ^ price) * 0x94D049BB133111EBL;
    h = (h ^ qty) * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }

  @Override
  public String toString() {
    return String.format(
        "%d events: %.1f%% passive, %.1f%% marketable, %.1f%% market, %.1f%% cancel",
        size,
        100.0 * counts[PASSIVE] / size,
        100.0 * counts[MARKETABLE] / size,
        100.0 * counts[MARKET] / size,
        100.0 * counts[CANCEL] / size);
  }
}
