package dev.blocks.bench.geo;

import dev.blocks.geo.Hits;
import dev.blocks.geo.QuadTree;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Per-query latency percentiles (p50, p99, p99.9) of our kNN and radius queries and of JTS STRtree
 * on the same query points, measured one query at a time with {@link System#nanoTime} after a
 * warm-up of at least half the rounds and at least {@value #WARM_NANOS} ns (so that the JIT's
 * optimizing compiles of the query's code have finished: with rounds alone, after the k-nearest
 * queries, {@code -XX:+PrintCompilation} showed the radius path's C2 compiles completing inside the
 * first measured round, which raised the radius p99 from ~4.4 to ~14 us), plus the thread CPU time
 * per query (less sensitive to other processes on a shared machine) and the mean number of results.
 *
 * <p>Run: {@code java -Xmx3g -cp bench/target/benchmarks.jar dev.blocks.bench.geo.GeoLatency
 * [points] [rounds]}
 */
public final class GeoLatency {

  private GeoLatency() {}

  interface Query {
    long run(int i);
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    String only = args.length > 2 ? args[2] : "";
    SyntheticWorld world = SyntheticWorld.generate(n, 42);
    double[][] q = world.queries(4096, 7);
    double[] qLat = q[0];
    double[] qLon = q[1];
    System.out.println(
        "JDK " + Runtime.version() + ", n=" + n + ", 4096 queries near cities, rounds=" + rounds);
    int cap = Integer.getInteger("cap", QuadTree.DEFAULT_CAPACITY);
    QuadTree<Void> quad = QuadTree.ofPoints(world.lat, world.lon, cap);
    System.out.printf(
        "capacity %d, nodes %d, index B/point %.2f%n",
        cap, quad.nodeCount(), (double) quad.indexBytes() / n);
    Hits hits = new Hits(1024);
    for (int k :
        Integer.getInteger("k", 0) > 0
            ? new int[] {Integer.getInteger("k")}
            : new int[] {10, 100}) {
      measure("blocks kNN k=" + k, rounds, i -> quad.nearest(qLat[i], qLon[i], k, hits));
    }
    measure("blocks radius 5km", rounds, i -> quad.withinRadius(qLat[i], qLon[i], 5000, hits));
    if (only.equals("blocks")) {
      return;
    }
    STRtree jts = GeoNearestBenchmark.jts(world);
    GeoRadiusBenchmark rb = new GeoRadiusBenchmark();
    rb.radiusMeters = 5000;
    rb.useWorld(world, qLat, qLon);
    rb.strtree = jts;
    measure("jts radius 5km", Math.max(2, rounds / 4), i -> rb.jtsAt(i, true));
    rb.rtree = GeoNearestBenchmark.rtree2(world);
    measure("rtree2 radius 5km", Math.max(2, rounds / 4), rb::rtree2At);
    for (int k : new int[] {10, 100}) {
      measure(
          "jts kNN k=" + k,
          Math.max(2, rounds / 4),
          i ->
              jts.nearestNeighbour(
                      new Envelope(qLon[i], qLon[i], qLat[i], qLat[i]),
                      -1,
                      GeoNearestBenchmark.DEGREES,
                      k)
                  .length);
    }
  }

  /** The least warm-up time of each measured query kind, nanoseconds. */
  static final long WARM_NANOS = 3_000_000_000L;

  private static void measure(String name, int rounds, Query query) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int warm = Math.max(2, rounds / 2);
    long sink = 0;
    long warmUntil = System.nanoTime() + WARM_NANOS;
    for (int r = 0; r < warm || System.nanoTime() < warmUntil; r++) {
      for (int i = 0; i < 4096; i++) {
        sink += query.run(i);
      }
    }
    long[] nanos = new long[rounds * 4096];
    long results = 0;
    long cpu0 = mx.getCurrentThreadCpuTime();
    int m = 0;
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < 4096; i++) {
        long t0 = System.nanoTime();
        long got = query.run(i);
        nanos[m++] = System.nanoTime() - t0;
        results += got;
      }
    }
    long cpu = mx.getCurrentThreadCpuTime() - cpu0;
    Arrays.sort(nanos);
    System.out.printf(
        "%-22s cpu/query %8.2f us | wall p50 %8.2f p99 %8.2f p99.9 %8.2f max %9.2f us | mean"
            + " results %.1f%s%n",
        name,
        cpu / 1e3 / m,
        nanos[m / 2] / 1e3,
        nanos[(int) (m * 0.99)] / 1e3,
        nanos[(int) (m * 0.999)] / 1e3,
        nanos[m - 1] / 1e3,
        (double) results / m,
        sink == 42 ? " " : "");
  }
}
