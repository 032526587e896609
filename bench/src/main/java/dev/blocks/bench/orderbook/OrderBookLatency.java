package dev.blocks.bench.orderbook;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * Per-event latency of each engine on the {@link OrderFlow} (the same flow as {@link
 * MatchingEngineBenchmark}), measured with {@code System.nanoTime()} around every event, and a
 * garbage-collection check: {@code gc N} replays the flow N times through Blocks and reports the
 * collections that happened after the first pass.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.blocks.bench.orderbook.OrderBookLatency
 * [latency PASSES [VENUE,...] | throughput ROUNDS | cpu ROUNDS | gc PASSES]}.
 */
public final class OrderBookLatency {
  private OrderBookLatency() {}

  public static void main(String[] args) {
    String mode = args.length > 0 ? args[0] : "latency";
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    OrderFlow flow = OrderFlow.generate(42, MatchingEngineBenchmark.EVENTS, 20_000);
    System.out.println("flow: " + flow);
    if (mode.equals("gc")) {
      gc(flow, passes);
      return;
    }
    if (mode.equals("throughput")) {
      throughput(flow, passes, false);
      return;
    }
    if (mode.equals("journal")) {
      journal(flow, passes, args.length > 2 ? args[2].split(",") : null);
      return;
    }
    if (mode.equals("cpu")) {
      throughput(flow, passes, true);
      return;
    }
    long[] samples = new long[flow.size * passes];
    String[] names =
        args.length > 2
            ? args[2].split(",")
            : new String[] {"blocks", "exchangeCoreDirect", "parity"};
    for (String name : names) {
      Venue v = Venue.of(name);
      for (int w = 0; w < passes; w++) {
        v.replay(flow);
      }
      int n = 0;
      for (int p = 0; p < passes; p++) {
        v.startPass();
        for (int i = 0; i < flow.size; i++) {
          long t0 = System.nanoTime();
          v.apply(flow, i);
          samples[n++] = System.nanoTime() - t0;
        }
      }
      if (name.equals("blocks")) {
        slowEvents(flow, samples, n);
      }
      Arrays.sort(samples, 0, n);
      System.out.printf(
          Locale.ROOT,
          "%-20s events=%d p50=%dns p99=%dns p99.9=%dns p99.99=%dns max=%dns trades/pass=%d fills=%x%n",
          name,
          n,
          samples[(int) (n * 0.5)],
          samples[(int) (n * 0.99)],
          samples[(int) (n * 0.999)],
          samples[(int) (n * 0.9999)],
          samples[n - 1],
          v.trades() / (2L * passes),
          v.fillHash());
    }
  }

  /**
   * What Blocks' slowest 1 % of events are: an untimed replay classifies every event (kind, and
   * whether it creates or removes a price level), then the events above the p99 latency are counted
   * per class.
   */
  private static void slowEvents(OrderFlow flow, long[] samples, int n) {
    long[] sorted = Arrays.copyOf(samples, n);
    Arrays.sort(sorted);
    long p99 = sorted[(int) (n * 0.99)];
    dev.blocks.orderbook.MatchingEngine e =
        dev.blocks.orderbook.MatchingEngine.builder().capacity(1 << 16).build();
    String[] kinds = {"passive", "marketable", "market", "cancel"};
    int classes = 4 * 3;
    long[] all = new long[classes];
    long[] slow = new long[classes];
    int[] cls = new int[flow.size];
    for (int i = 0; i < flow.size; i++) {
      int before = e.levelCount(dev.blocks.orderbook.Side.BUY);
      int beforeAsk = e.levelCount(dev.blocks.orderbook.Side.SELL);
      Venue.Blocks.applyTo(e, flow, i);
      int delta =
          e.levelCount(dev.blocks.orderbook.Side.BUY)
              - before
              + e.levelCount(dev.blocks.orderbook.Side.SELL)
              - beforeAsk;
      cls[i] = flow.kind[i] * 3 + (delta > 0 ? 1 : delta < 0 ? 2 : 0);
    }
    for (int j = 0; j < n; j++) {
      int i = j % flow.size;
      all[cls[i]]++;
      if (samples[j] > p99) {
        slow[cls[i]]++;
      }
    }
    System.out.printf(Locale.ROOT, "blocks events above p99 (%d ns), by class:%n", p99);
    String[] levelChange = {"same levels", "new level", "level removed"};
    for (int c = 0; c < classes; c++) {
      if (all[c] > 0) {
        System.out.printf(
            Locale.ROOT,
            "  %-10s %-13s %5.1f%% of events, %5.1f%% of slow ones, %.2f%% of the class slow%n",
            kinds[c / 3],
            levelChange[c % 3],
            100.0 * all[c] / n,
            100.0 * slow[c] / (n / 100),
            100.0 * slow[c] / all[c]);
      }
    }
  }

  /**
   * Interleaves passes of the three engines (blocks, Direct, parity, blocks, ...) so that the
   * shared machine's changing load hits them alike, and reports each one's median pass, timed by
   * wall clock or (with {@code cpu}) by the thread's CPU time, which the other processes on a
   * loaded machine disturb less.
   */
  private static void throughput(OrderFlow flow, int rounds, boolean cpu) {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    String[] names = {"blocks", "exchangeCoreDirect", "parity", "blocksJournaled"};
    Venue[] venues = new Venue[names.length];
    double[][] rates = new double[names.length][rounds];
    for (int v = 0; v < names.length; v++) {
      venues[v] = Venue.of(names[v]);
      venues[v].replay(flow);
      venues[v].replay(flow);
    }
    for (int r = 0; r < rounds; r++) {
      for (int v = 0; v < names.length; v++) {
        long t0 = cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime();
        venues[v].replay(flow);
        long t1 = cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime();
        rates[v][r] = flow.size * 1e3 / (t1 - t0);
      }
    }
    double[] medians = new double[names.length];
    for (int v = 0; v < names.length; v++) {
      Arrays.sort(rates[v]);
      medians[v] = rates[v][rounds / 2];
    }
    for (int v = 0; v < names.length; v++) {
      System.out.printf(
          Locale.ROOT,
          "%-20s median %.3f M events/s (min %.3f, max %.3f) = %.2fx Direct, %.2fx parity, fills=%x%n",
          names[v],
          medians[v],
          rates[v][0],
          rates[v][rounds - 1],
          medians[v] / medians[1],
          medians[v] / medians[2],
          venues[v].fillHash());
    }
  }

  /**
   * Where journaling's cost goes: interleaved passes of in-memory and journaled variants, each with
   * its wall time, the replaying thread's CPU time and the CPU time of the rest of the process (the
   * flusher thread, plus GC and JIT).
   */
  private static void journal(OrderFlow flow, int rounds, String[] only) {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    String[] names =
        only != null
            ? only
            : new String[] {
              "blocks", "blocksSubmit", "journalSyncNoForce", "journalNoForce", "blocksJournaled"
            };
    Venue[] venues = new Venue[names.length];
    double[][] wall = new double[names.length][rounds];
    double[][] own = new double[names.length][rounds];
    double[][] other = new double[names.length][rounds];
    for (int v = 0; v < names.length; v++) {
      venues[v] = Venue.of(names[v]);
      for (int w = 0; w < 3; w++) {
        venues[v].replay(flow);
      }
    }
    for (int r = 0; r < rounds; r++) {
      for (int v = 0; v < names.length; v++) {
        long p0 = os.getProcessCpuTime();
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        venues[v].replay(flow);
        long t1 = System.nanoTime();
        long c1 = threads.getCurrentThreadCpuTime();
        long p1 = os.getProcessCpuTime();
        wall[v][r] = (t1 - t0) / (double) flow.size;
        own[v][r] = (c1 - c0) / (double) flow.size;
        other[v][r] = ((p1 - p0) - (c1 - c0)) / (double) flow.size;
      }
    }
    for (int v = 0; v < names.length; v++) {
      Arrays.sort(wall[v]);
      Arrays.sort(own[v]);
      Arrays.sort(other[v]);
    }
    int m = rounds / 2;
    for (int v = 0; v < names.length; v++) {
      System.out.printf(
          Locale.ROOT,
          "%-20s median ns/event: wall %.1f (%.0f%% of blocks), own cpu %.1f, other threads cpu"
              + " %.1f, fills=%x%n",
          names[v],
          wall[v][m],
          100 * wall[0][m] / wall[v][m],
          own[v][m],
          other[v][m],
          venues[v].fillHash());
    }
  }

  private static void gc(OrderFlow flow, int passes) {
    Venue v = Venue.of("blocks");
    v.replay(flow);
    long before = collections();
    long t0 = System.nanoTime();
    for (int p = 1; p < passes; p++) {
      v.replay(flow);
    }
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    System.out.printf(
        Locale.ROOT,
        "blocks: %d events after warm-up in %d s, max heap %d MB, GC collections: %d%n",
        (long) flow.size * (passes - 1),
        seconds,
        Runtime.getRuntime().maxMemory() >> 20,
        collections() - before);
  }

  private static long collections() {
    long c = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      c += Math.max(0, b.getCollectionCount());
    }
    return c;
  }
}
