package dev.blocks.bench.geo;

import dev.blocks.geo.Hits;
import dev.blocks.geo.QuadTree;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Where the slow queries come from: times each of the 4096 query points in every round (the queries
 * rotate, so each finds its data as a real stream of queries would), then asks whether the slowest
 * 1 % of samples belong to queries that are slow in every round (data-dependent work) or to queries
 * whose own median is ordinary (noise: other processes, interrupts, cache). Also times each query
 * "hot" (the same query repeated, its data in cache) against its rotating median, which splits the
 * median into compute and memory waiting.
 *
 * <p>Run: {@code java -Xmx3g -cp bench/target/benchmarks.jar dev.blocks.bench.geo.GeoProbe [points]
 * [rounds] [query: k10 | k100 | r5km | spin | lines]} (controls with constant work: {@code spin},
 * {@code -Dsteps=N} dependent multiply-adds; {@code lines}, {@code -Dlines=N} dependent reads of
 * random cache lines; {@code -Dmatched=true} adds a control of the query's own median length timed
 * alternately with the query)
 */
public final class GeoProbe {

  private GeoProbe() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    String which = args.length > 2 ? args[2] : "k10";
    SyntheticWorld world = SyntheticWorld.generate(n, 42);
    double[][] q = world.queries(4096, 7);
    double[] qLat = q[0];
    double[] qLon = q[1];
    QuadTree<Void> quad =
        QuadTree.ofPoints(
            world.lat, world.lon, Integer.getInteger("cap", QuadTree.DEFAULT_CAPACITY));
    Hits hits = new Hits(1024);
    GeoLatency.Query query;
    switch (which) {
      case "k10":
        query = i -> quad.nearest(qLat[i], qLon[i], 10, hits);
        break;
      case "k100":
        query = i -> quad.nearest(qLat[i], qLon[i], 100, hits);
        break;
      case "r5km":
        query = i -> quad.withinRadius(qLat[i], qLon[i], 5000, hits);
        break;
      case "spin":
        // A control: fixed arithmetic of about a query's length, touching no memory. Its tail is
        // the machine's (interrupts, the hypervisor, other processes), since its work never varies.
        int steps = Integer.getInteger("steps", 4000);
        query =
            i -> {
              double x = i;
              for (int s = 0; s < steps; s++) {
                x = x * 0.999999 + 1.0;
              }
              return (long) x & 1;
            };
        break;
      case "lines":
        // A second control: a chain of dependent reads of -Dlines=N cache lines at fixed random
        // places (per query) of a 64 MB array, a memory-bound "query" whose work never varies.
        int lines = Integer.getInteger("lines", 30);
        int[] big = new int[16 << 20];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int j = 0; j < big.length; j++) {
          big[j] = rnd.nextInt(big.length >> 4) << 4;
        }
        query =
            i -> {
              int at = (i * 40503) & (big.length - 1) & ~15;
              for (int s = 0; s < lines; s++) {
                at = big[at];
              }
              return at & 1;
            };
        break;
      default:
        throw new IllegalArgumentException(
            "query must be k10, k100, r5km, spin or lines, got " + which);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int r = 0; r < 10; r++) {
      for (int i = 0; i < 4096; i++) {
        sink += query.run(i);
      }
    }
    // By round, so that recording a time writes the next slot of one array (a per-query array
    // would touch a new cache line each query and evict the index's data).
    long[][] byRound = new long[rounds][4096];
    long cpu0 = mx.getCurrentThreadCpuTime();
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < 4096; i++) {
        long t0 = System.nanoTime();
        sink += query.run(i);
        byRound[r][i] = System.nanoTime() - t0;
      }
    }
    double cpuPerQuery = (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / (4096.0 * rounds);
    // Hot: each query 8 times in a row; the minimum of the last 4 is its compute with data cached.
    long[] hot = new long[4096];
    for (int i = 0; i < 4096; i++) {
      long best = Long.MAX_VALUE;
      for (int rep = 0; rep < 8; rep++) {
        long t0 = System.nanoTime();
        sink += query.run(i);
        long dt = System.nanoTime() - t0;
        if (rep >= 4) {
          best = Math.min(best, dt);
        }
      }
      hot[i] = best;
    }
    long[][] t = new long[4096][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < 4096; i++) {
        t[i][r] = byRound[r][i];
      }
    }
    long[] all = new long[4096 * rounds];
    long[] median = new long[4096];
    long[] min = new long[4096];
    for (int i = 0; i < 4096; i++) {
      long[] s = t[i].clone();
      Arrays.sort(s);
      median[i] = s[rounds / 2];
      min[i] = s[0];
      System.arraycopy(t[i], 0, all, i * rounds, rounds);
    }
    long[] sorted = all.clone();
    Arrays.sort(sorted);
    long p50 = sorted[sorted.length / 2];
    long p99 = sorted[(int) (sorted.length * 0.99)];
    long[] medSorted = median.clone();
    Arrays.sort(medSorted);
    long[] hotSorted = hot.clone();
    Arrays.sort(hotSorted);
    // Samples at or above p99: how many come from queries whose median is itself >= p99 / 2
    // (slow every time), and how many from ordinary queries (a one-off).
    // Tail samples next to another tail sample in time (the query before or after in the same
    // round): a burst of slow queries is a slow period of the machine, not slow data.
    int inBurst = 0;
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < 4096; i++) {
        if (byRound[r][i] >= p99
            && ((i > 0 && byRound[r][i - 1] >= p99) || (i < 4095 && byRound[r][i + 1] >= p99))) {
          inBurst++;
        }
      }
    }
    int tail = 0;
    int tailDataSlow = 0;
    int tailHotSlow = 0;
    for (int i = 0; i < 4096; i++) {
      for (int r = 0; r < rounds; r++) {
        if (t[i][r] >= p99) {
          tail++;
          if (median[i] >= p99 / 2) {
            tailDataSlow++;
          }
          if (hot[i] >= p99 / 2) {
            tailHotSlow++;
          }
        }
      }
    }
    System.out.printf(
        "%s n=%d rounds=%d cpu/query %.2f us | all samples p50 %.2f p99 %.2f (%.1fx) | per-query"
            + " median: p50 %.2f p99 %.2f max %.2f | hot (cached): p50 %.2f p99 %.2f max %.2f us%n",
        which,
        n,
        rounds,
        cpuPerQuery,
        p50 / 1e3,
        p99 / 1e3,
        (double) p99 / p50,
        medSorted[2048] / 1e3,
        medSorted[(int) (4096 * 0.99)] / 1e3,
        medSorted[4095] / 1e3,
        hotSorted[2048] / 1e3,
        hotSorted[(int) (4096 * 0.99)] / 1e3,
        hotSorted[4095] / 1e3);
    System.out.printf(
        "samples >= p99: %d; from queries whose own median >= p99/2: %d; whose hot time >= p99/2:"
            + " %d; next to another tail sample in time: %d%n",
        tail, tailDataSlow, tailHotSlow, inBurst);
    Integer[] order = new Integer[4096];
    for (int i = 0; i < 4096; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(median[b], median[a]));
    System.out.println("slowest queries by median: lat lon | median min hot us | results");
    for (int j = 0; j < Integer.getInteger("show", 12); j++) {
      int i = order[j];
      System.out.printf(
          "  %9.4f %10.4f | %7.2f %7.2f %7.2f | %d%n",
          qLat[i], qLon[i], median[i] / 1e3, min[i] / 1e3, hot[i] / 1e3, query.run(i));
    }
    if (Boolean.getBoolean("matched")) {
      sink += matched(query, rounds, p50);
    }
    if (sink == 42) {
      System.out.println();
    }
  }

  /**
   * The machine's tail for work of the query's length, measured in the same minutes: a control of
   * dependent multiply-adds calibrated to the query's median, timed alternately with the query
   * (query i, then the control, for every query in every round), so both meet the same
   * interruptions. If the control's p99 / p50 matches the query's, the query's tail is the
   * machine's, not the index's.
   */
  private static long matched(GeoLatency.Query query, int rounds, long queryP50) {
    int calibrate = 200_000;
    long best = Long.MAX_VALUE;
    double x = 1;
    for (int rep = 0; rep < 20; rep++) {
      long t0 = System.nanoTime();
      x = spin(x, calibrate);
      best = Math.min(best, System.nanoTime() - t0);
    }
    int steps = (int) Math.max(1, (double) queryP50 * calibrate / best);
    long sink = (long) x & 1;
    long[] q = new long[rounds * 4096];
    long[] c = new long[rounds * 4096];
    int m = 0;
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < 4096; i++) {
        long t0 = System.nanoTime();
        sink += query.run(i);
        long t1 = System.nanoTime();
        x = spin(x, steps);
        long t2 = System.nanoTime();
        q[m] = t1 - t0;
        c[m++] = t2 - t1;
      }
    }
    Arrays.sort(q);
    Arrays.sort(c);
    System.out.printf(
        "matched control (%d dependent multiply-adds, alternating with the query): query p50 %.2f"
            + " p99 %.2f (%.1fx) | control p50 %.2f p99 %.2f (%.1fx) us%n",
        steps,
        q[m / 2] / 1e3,
        q[(int) (m * 0.99)] / 1e3,
        (double) q[(int) (m * 0.99)] / q[m / 2],
        c[m / 2] / 1e3,
        c[(int) (m * 0.99)] / 1e3,
        (double) c[(int) (m * 0.99)] / c[m / 2]);
    return sink + ((long) x & 1);
  }

  private static double spin(double x, int steps) {
    for (int s = 0; s < steps; s++) {
      x = x * 0.999999 + 1.0;
    }
    return x;
  }
}
