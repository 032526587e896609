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
 * <p>Latency: every venue first replays the flow PASSES times untimed, then the timed passes
 * alternate between the venues. The cost of an empty {@code nanoTime} pair is printed first (it is
 * inside every sample, for every venue). With {@code -DrecordFills=true} each venue's listener only
 * records its trades during a timed pass and folds them into the fill hash after it (the same
 * hash), which leaves the hash's serial multiply chain per trade out of the timed events; {@code
 * -Dlive=N} changes the flow's live-order target.
 *
 * <p>Run latency with a fixed, pre-touched heap ({@code -Xms2g -Xmx2g -XX:+AlwaysPreTouch}): the
 * full collection before each timed pass lets a resizable heap shrink, and the venues that allocate
 * (Direct, parity) then most likely page-fault on re-committed memory inside their timed events
 * (the lead measured Direct's p99 at 1,202-1,552 ns that way against 641-1,172 ns with the fixed
 * heap, in the same quiet minutes). The harness prints the heap settings and warns when they are
 * not fixed.
 *
 * <p>Usage: {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp bench/target/benchmarks.jar
 * dev.blocks.bench.orderbook.OrderBookLatency [latency PASSES [VENUE,...] | throughput ROUNDS | cpu
 * ROUNDS | gc PASSES]}.
 */
public final class OrderBookLatency {
  private OrderBookLatency() {}

  public static void main(String[] args) {
    String mode = args.length > 0 ? args[0] : "latency";
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    OrderFlow flow =
        OrderFlow.generate(42, MatchingEngineBenchmark.EVENTS, Integer.getInteger("live", 20_000));
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
    heapSettings();
    timerOverhead();
    String[] names =
        args.length > 2
            ? args[2].split(",")
            : new String[] {"blocks", "exchangeCoreDirect", "parity"};
    boolean record = Boolean.getBoolean("recordFills");
    Venue[] venues = new Venue[names.length];
    long[][] all = new long[names.length][flow.size * passes];
    for (int v = 0; v < names.length; v++) {
      venues[v] = Venue.of(names[v]);
      for (int w = 0; w < passes; w++) {
        venues[v].replay(flow);
      }
      if (record) {
        venues[v].recordFills(flow.size);
      }
    }
    // Timed passes alternate between the venues (blocks, Direct, ..., blocks, Direct, ...), so
    // that a change in the shared machine's load hits them alike; every venue goes through the
    // same (virtual) call in the same loop.
    for (int p = 0; p < passes; p++) {
      for (int v = 0; v < names.length; v++) {
        timedPass(venues[v], flow, all[v], p * flow.size);
        if (record) {
          venues[v].foldRecordedFills();
        }
      }
    }
    for (int v = 0; v < names.length; v++) {
      String name = names[v];
      Venue ve = venues[v];
      long[] samples = all[v];
      int n = samples.length;
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
          ve.trades() / (2L * passes),
          ve.fillHash());
    }
  }

  /**
   * Prints the heap's initial and maximum size and warns unless the heap is fixed and pre-touched.
   */
  private static void heapSettings() {
    long init = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit();
    long max = Runtime.getRuntime().maxMemory();
    boolean preTouch =
        ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch");
    System.out.printf(
        Locale.ROOT,
        "heap: initial %d MB, max %d MB, AlwaysPreTouch %s%n",
        init >> 20,
        max >> 20,
        preTouch);
    if (init < max || !preTouch) {
      System.out.println(
          "WARNING: heap not fixed and pre-touched (use -Xms2g -Xmx2g -XX:+AlwaysPreTouch): the"
              + " allocating venues' timed events will include page faults of re-committed heap");
    }
  }

  /**
   * Applies every event of the flow to {@code v}, timing each into {@code out} from {@code at}; a
   * full collection first, so that garbage left by the venue timed before (Direct and parity
   * allocate, Blocks does not) is not collected inside this venue's pass.
   */
  private static void timedPass(Venue v, OrderFlow flow, long[] out, int at) {
    System.gc(); // each venue's timed pass starts with an empty young generation
    v.startPass();
    for (int i = 0; i < flow.size; i++) {
      long t0 = System.nanoTime();
      v.apply(flow, i);
      out[at + i] = System.nanoTime() - t0;
    }
  }

  /**
   * What Blocks' slowest 1 % of events are: an untimed replay classifies every event (kind, and
   * whether it creates or removes a price level; for takers, the number of fills and of price
   * levels traded at), then the events above the p99 latency are counted per class.
   */
  private static void slowEvents(OrderFlow flow, long[] samples, int n) {
    long[] sorted = Arrays.copyOf(samples, n);
    Arrays.sort(sorted);
    long p99 = sorted[(int) (n * 0.99)];
    int[] fills = new int[flow.size];
    int[] prices = new int[flow.size];
    long[] lastPrice = {0};
    int[] at = {0};
    dev.blocks.orderbook.MatchingEngine e =
        dev.blocks.orderbook.MatchingEngine.builder()
            .capacity(1 << 16)
            .listener(
                new dev.blocks.orderbook.OrderBookListener() {
                  @Override
                  public void onTrade(
                      long maker, long taker, dev.blocks.orderbook.Side s, long p, long q) {
                    fills[at[0]]++;
                    if (fills[at[0]] == 1 || p != lastPrice[0]) {
                      prices[at[0]]++;
                    }
                    lastPrice[0] = p;
                  }
                })
            .build();
    String[] kinds = {"passive", "marketable", "market", "cancel"};
    int classes = 4 * 3;
    long[] all = new long[classes];
    long[] slow = new long[classes];
    int[] cls = new int[flow.size];
    for (int i = 0; i < flow.size; i++) {
      at[0] = i;
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
    // Takers by number of fills: 0, 1, 2, 3-4, 5-8, 9-16, 17-32, 33+.
    int[] fillBounds = {0, 1, 2, 4, 8, 16, 32, Integer.MAX_VALUE};
    int buckets = fillBounds.length;
    long[] takers = new long[buckets];
    long[] slowTakers = new long[buckets];
    long[][] bucketSamples = new long[buckets][];
    int[] bucketCount = new int[buckets];
    for (int b = 0; b < buckets; b++) {
      bucketSamples[b] = new long[n / 10];
    }
    long[] levelsAll = new long[5];
    long[] levelsSlow = new long[5];
    long slowFills = 0;
    long slowTakerCount = 0;
    long allFills = 0;
    long allTakerCount = 0;
    for (int j = 0; j < n; j++) {
      int i = j % flow.size;
      all[cls[i]]++;
      boolean isSlow = samples[j] > p99;
      if (isSlow) {
        slow[cls[i]]++;
      }
      if (flow.kind[i] == OrderFlow.MARKETABLE || flow.kind[i] == OrderFlow.MARKET) {
        int b = 0;
        while (fills[i] > fillBounds[b]) {
          b++;
        }
        takers[b]++;
        if (bucketCount[b] < bucketSamples[b].length) {
          bucketSamples[b][bucketCount[b]++] = samples[j];
        }
        int lv = Math.min(prices[i], 4);
        levelsAll[lv]++;
        allFills += fills[i];
        allTakerCount++;
        if (isSlow) {
          slowTakers[b]++;
          levelsSlow[lv]++;
          slowFills += fills[i];
          slowTakerCount++;
        }
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
    System.out.printf(
        Locale.ROOT,
        "  takers: %.2f fills each on average, %.2f among those above p99%n",
        allFills / (double) allTakerCount,
        slowFills / (double) Math.max(1, slowTakerCount));
    for (int b = 0; b < buckets; b++) {
      if (takers[b] > 0) {
        long[] s = Arrays.copyOf(bucketSamples[b], bucketCount[b]);
        Arrays.sort(s);
        String label =
            b == 0
                ? "0"
                : b == buckets - 1
                    ? (fillBounds[b - 1] + 1) + "+"
                    : fillBounds[b - 1] + 1 == fillBounds[b]
                        ? String.valueOf(fillBounds[b])
                        : (fillBounds[b - 1] + 1) + "-" + fillBounds[b];
        System.out.printf(
            Locale.ROOT,
            "  takers with %-6s fills: %5.2f%% of events, %5.1f%% of slow ones, %5.1f%% of them"
                + " slow, median %d ns, p90 %d ns%n",
            label,
            100.0 * takers[b] / n,
            100.0 * slowTakers[b] / (n / 100),
            100.0 * slowTakers[b] / takers[b],
            s[s.length / 2],
            s[(int) (s.length * 0.9)]);
      }
    }
    for (int lv = 0; lv < 5; lv++) {
      if (levelsAll[lv] > 0) {
        System.out.printf(
            Locale.ROOT,
            "  takers trading at %s price level(s): %5.2f%% of events, %5.1f%% of slow ones%n",
            lv == 4 ? "4+" : String.valueOf(lv),
            100.0 * levelsAll[lv] / n,
            100.0 * levelsSlow[lv] / (n / 100));
      }
    }
  }

  /** Prints the cost of an empty {@code System.nanoTime()} pair (median, p99, min of 4M pairs). */
  static void timerOverhead() {
    int n = 4_000_000;
    long[] t = new long[n];
    for (int r = 0; r < 2; r++) {
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        t[i] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(t);
    System.out.printf(
        Locale.ROOT,
        "empty nanoTime pair: min %d ns, median %d ns, p99 %d ns%n",
        t[0],
        t[n / 2],
        t[(int) (n * 0.99)]);
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
