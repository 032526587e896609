package dev.blocks.bench.orderbook;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Where the time per event goes, for each engine on the {@link OrderFlow} of {@link
 * MatchingEngineBenchmark}: the thread CPU time of whole passes (no per-event timer), the split by
 * event kind (a {@code System.nanoTime()} pair around every event, the cost of an empty pair
 * subtracted), and the share of the benchmark's own work that every engine pays alike: reading the
 * flow and dispatching on the event kind (a venue that decodes each event and does nothing else)
 * and the fill-hash listener (the pass's trades mixed into a hash, as the venues do).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.blocks.bench.orderbook.OrderBookProfile
 * [ROUNDS [VENUE,...]]}. Each venue runs alone (warm-up, then ROUNDS measured rounds), one after
 * the other in the same JVM.
 */
public final class OrderBookProfile {
  private OrderBookProfile() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    String[] names =
        args.length > 1 ? args[1].split(",") : new String[] {"blocks", "exchangeCoreDirect"};
    OrderFlow flow =
        OrderFlow.generate(42, MatchingEngineBenchmark.EVENTS, Integer.getInteger("live", 20_000));
    System.out.println("flow: " + flow);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    // The benchmark's own work: decoding the flow, and the fill hash over one pass's trades.
    Venue blocks = Venue.of("blocks");
    blocks.replay(flow);
    long trades = blocks.trades();
    long[][] fills = recordFills(flow);
    Decode decode = new Decode();
    double decodeNs = Double.MAX_VALUE;
    double hashNs = Double.MAX_VALUE;
    long sink = 0;
    for (int r = 0; r < 3 + rounds; r++) {
      long c0 = threads.getCurrentThreadCpuTime();
      decode.replay(flow);
      long c1 = threads.getCurrentThreadCpuTime();
      sink += hashAll(fills);
      long c2 = threads.getCurrentThreadCpuTime();
      if (r >= 3) {
        decodeNs = Math.min(decodeNs, (c1 - c0) / (double) flow.size);
        hashNs = Math.min(hashNs, (c2 - c1) / (double) flow.size);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "benchmark's own work (thread CPU, best of %d): decode %.1f ns/event, fill hash %.1f"
            + " ns/event (%d trades/pass) [%d]%n",
        rounds,
        decodeNs,
        hashNs,
        trades,
        (sink + decode.sum) & 1);

    long timer = timerCost();
    System.out.printf(Locale.ROOT, "empty nanoTime pair: %d ns (subtracted)%n", timer);
    for (String name : names) {
      Venue v = Venue.of(name);
      for (int w = 0; w < 5; w++) {
        v.replay(flow);
      }
      double cpuBest = Double.MAX_VALUE;
      double[] cpu = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long c0 = threads.getCurrentThreadCpuTime();
        v.replay(flow);
        cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / (double) flow.size;
        cpuBest = Math.min(cpuBest, cpu[r]);
      }
      java.util.Arrays.sort(cpu);
      long[] sum = new long[4];
      long[] count = new long[4];
      for (int r = 0; r < rounds; r++) {
        v.startPass();
        for (int i = 0; i < flow.size; i++) {
          long t0 = System.nanoTime();
          v.apply(flow, i);
          long t = System.nanoTime() - t0 - timer;
          sum[flow.kind[i]] += t;
          count[flow.kind[i]]++;
        }
      }
      long total = sum[0] + sum[1] + sum[2] + sum[3];
      long events = count[0] + count[1] + count[2] + count[3];
      System.out.printf(
          Locale.ROOT,
          "%-20s thread CPU median %.1f ns/event (best %.1f); timed split %.1f ns/event:%n",
          name,
          cpu[rounds / 2],
          cpuBest,
          total / (double) events);
      String[] kinds = {"passive", "marketable", "market", "cancel"};
      for (int k = 0; k < 4; k++) {
        System.out.printf(
            Locale.ROOT,
            "  %-10s %5.1f%% of events  %7.1f ns each  %5.1f ns/event  %5.1f%% of time%n",
            kinds[k],
            100.0 * count[k] / events,
            sum[k] / (double) count[k],
            sum[k] / (double) events,
            100.0 * sum[k] / total);
      }
      System.out.printf(Locale.ROOT, "  fills=%x%n", v.fillHash());
    }
  }

  /** The minimum cost of two back-to-back {@code System.nanoTime()} calls, over many tries. */
  private static long timerCost() {
    long best = Long.MAX_VALUE;
    long total = 0;
    int n = 2_000_000;
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      long t = System.nanoTime() - t0;
      total += t;
      best = Math.min(best, t);
    }
    return Math.round(total / (double) n);
  }

  /** The trades of one pass (maker, taker, price, quantity) as Blocks reports them. */
  private static long[][] recordFills(OrderFlow flow) {
    long[][] out = new long[4][400_000];
    int[] n = {0};
    dev.blocks.orderbook.MatchingEngine e =
        dev.blocks.orderbook.MatchingEngine.builder()
            .capacity(1 << 16)
            .listener(
                new dev.blocks.orderbook.OrderBookListener() {
                  @Override
                  public void onTrade(
                      long maker, long taker, dev.blocks.orderbook.Side s, long p, long q) {
                    out[0][n[0]] = maker;
                    out[1][n[0]] = taker;
                    out[2][n[0]] = p;
                    out[3][n[0]++] = q;
                  }
                })
            .build();
    for (int i = 0; i < flow.size; i++) {
      Venue.Blocks.applyTo(e, flow, i);
    }
    long[][] trimmed = new long[4][];
    for (int j = 0; j < 4; j++) {
      trimmed[j] = java.util.Arrays.copyOf(out[j], n[0]);
    }
    return trimmed;
  }

  private static long hashAll(long[][] f) {
    long h = 0;
    long[] maker = f[0];
    long[] taker = f[1];
    long[] price = f[2];
    long[] qty = f[3];
    for (int i = 0; i < maker.length; i++) {
      h = OrderFlow.mixTrade(h, maker[i], taker[i], price[i], qty[i]);
    }
    return h;
  }

  /** Reads every event as the venues do and only sums its fields. */
  private static final class Decode {
    long sum;

    void replay(OrderFlow f) {
      long s = sum;
      for (int i = 0; i < f.size; i++) {
        switch (f.kind[i]) {
          case OrderFlow.PASSIVE, OrderFlow.MARKETABLE ->
              s += f.id[i] + (f.buy[i] ? 1 : 2) + f.price[i] * 3 + f.quantity[i];
          case OrderFlow.MARKET -> s += f.id[i] + (f.buy[i] ? 5 : 7) + f.quantity[i] + f.price[i];
          default -> s ^= f.id[i];
        }
      }
      sum = s;
    }
  }
}
