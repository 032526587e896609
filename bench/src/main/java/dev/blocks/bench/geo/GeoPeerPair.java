package dev.blocks.bench.geo;

import com.github.davidmoten.rtree2.RTree;
import com.github.davidmoten.rtree2.geometry.Point;
import dev.blocks.geo.Hits;
import dev.blocks.geo.QuadTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Same-JVM ratio of a peer's radius query time to ours: passes over the same 4,096 rotating query
 * points (those of {@link GeoRadiusBenchmark}) alternate between our {@link QuadTree#withinRadius}
 * and the peer's query as {@link GeoRadiusBenchmark} runs it (JTS {@code STRtree} or rtree2: box
 * query, the same haversine filter, the same sort), each timed by thread CPU time. Adjacent passes
 * meet the same machine phase, so their ratio does not depend on which phase a JMH fork landed in
 * (this VM's vCPUs change memory speed from minute to minute; see the orderbook section of
 * BENCHMARKS.md, "why Blocks' JMH forks are bimodal").
 *
 * <p>In each pass each side first runs one untimed round of the 4,096 queries (so that the other
 * side's data, which the previous pass left in the caches, is replaced by its own, as in a JMH fork
 * that runs one side only), then times 16 rounds (ours) or one round (the peer). Before timing,
 * every query's hit count is checked to be the same on both sides, and the two sides warm up in
 * alternating passes for at least 10 s and 4 passes.
 *
 * <p>With {@code threads} above 1, each side's pass runs on that many threads at once over the same
 * shared index (each thread with its own result buffers, from its own offset in the queries), as a
 * server answers queries, and is timed by the wall clock from the moment every thread has finished
 * its untimed round to the moment the last finishes: the figure is then the wall time per query of
 * all threads together, the inverse of throughput.
 *
 * <p>{@code points} (default 1,000,000) sizes the synthetic world: the data is 1M and 10M
 * points (10M ran with {@code -Xmx10g} against JTS and {@code -Xmx12g} against rtree2).
 *
 * <p>Run: {@code java -Xmx4g -cp bench/target/benchmarks.jar dev.blocks.bench.geo.GeoPeerPair
 * [passes] [jts|rtree2] [radiusMeters] [threads] [points]}
 */
public final class GeoPeerPair {

  private GeoPeerPair() {}

  public static void main(String[] args) throws Throwable {
    int passes = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    String peerName = args.length > 1 ? args[1] : "jts";
    double radiusMeters = args.length > 2 ? Double.parseDouble(args[2]) : 5000;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    int points = args.length > 4 ? Integer.parseInt(args[4]) : 1_000_000;
    if (!peerName.equals("jts") && !peerName.equals("rtree2")) {
      throw new IllegalArgumentException("peer must be jts or rtree2, got " + peerName);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (points < 1) {
      throw new IllegalArgumentException("points must be >= 1, got " + points);
    }
    SyntheticWorld world = SyntheticWorld.generate(points, 42);
    double[][] q = world.queries(4096, 7);
    double[] qLat = q[0];
    double[] qLon = q[1];
    QuadTree<Void> quad = QuadTree.ofPoints(world.lat, world.lon, QuadTree.DEFAULT_CAPACITY);
    STRtree strtree = peerName.equals("jts") ? GeoNearestBenchmark.jts(world) : null;
    RTree<Integer, Point> rtree =
        peerName.equals("rtree2") ? GeoNearestBenchmark.rtree2(world) : null;
    // Per thread: its own result buffers over the shared trees.
    GeoJarPair.Query[][] sides = new GeoJarPair.Query[2][threads];
    for (int t = 0; t < threads; t++) {
      Hits hits = new Hits(1024);
      sides[0][t] = i -> quad.withinRadius(qLat[i], qLon[i], radiusMeters, hits);
      GeoRadiusBenchmark rb = new GeoRadiusBenchmark();
      rb.radiusMeters = radiusMeters;
      rb.useWorld(world, qLat, qLon);
      rb.strtree = strtree;
      rb.rtree = rtree;
      sides[1][t] = strtree != null ? i -> (int) rb.jtsAt(i, true) : i -> (int) rb.rtree2At(i);
    }
    GeoJarPair.checkSame(new GeoJarPair.Query[] {sides[0][0], sides[1][0]}, "hit counts");
    String what = String.format(Locale.ROOT, " radius %.0f m, %,d points", radiusMeters, points);
    // Timed rounds a pass, about 0.15 s of each side at 5 km: 16 x 4,096 x ~2.3 us; 4,096 x ~40 us.
    int[] rounds = {16, 1};
    String[] names = {"blocks", peerName};
    if (threads == 1) {
      GeoJarPair.Query[] one = {sides[0][0], sides[1][0]};
      GeoJarPair.Pass pass = GeoJarPair.threadCpu(one, true);
      double[][] perQuery = GeoJarPair.alternate(pass, rounds, 4, 10_000_000_000L, passes, 4096);
      GeoJarPair.report(names, what + ", thread CPU", perQuery);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      GeoJarPair.Pass pass = (which, r) -> timedPass(pool, sides[which], r);
      double[][] perQuery =
          GeoJarPair.alternate(pass, rounds, 4, 10_000_000_000L, passes, 4096 * threads);
      GeoJarPair.report(names, what + ", " + threads + " threads together, wall time", perQuery);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * One side's pass on every thread at once (each from its own offset in the queries): each
   * thread's untimed round, then its {@code rounds} timed rounds; returns the wall time from the
   * moment every thread has finished its untimed round to the moment the last finishes, in
   * nanoseconds.
   */
  private static long timedPass(ExecutorService pool, GeoJarPair.Query[] side, int rounds)
      throws Exception {
    int threads = side.length;
    long[] started = new long[1];
    CyclicBarrier ready = new CyclicBarrier(threads, () -> started[0] = System.nanoTime());
    List<Future<Long>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      GeoJarPair.Query query = side[t];
      int offset = t * 4096 / threads;
      done.add(
          pool.submit(
              () -> {
                try {
                  long sum = GeoJarPair.rounds(query, 1, offset);
                  ready.await();
                  return sum + GeoJarPair.rounds(query, rounds, offset);
                } catch (Exception | Error e) {
                  throw e;
                } catch (Throwable other) {
                  throw new IllegalStateException(other);
                }
              }));
    }
    for (Future<Long> f : done) {
      GeoJarPair.sink += f.get();
    }
    return System.nanoTime() - started[0];
  }
}
