package dev.blocks.bench.geo;

import dev.blocks.geo.Hits;
import dev.blocks.geo.QuadTree;
import java.util.Locale;
import java.util.function.IntUnaryOperator;

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
 * <p>Run: {@code java -Xmx4g -cp bench/target/benchmarks.jar dev.blocks.bench.geo.GeoPeerPair
 * [passes] [jts|rtree2] [radiusMeters]}
 */
public final class GeoPeerPair {

  private GeoPeerPair() {}

  public static void main(String[] args) throws Throwable {
    int passes = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    String peerName = args.length > 1 ? args[1] : "jts";
    double radiusMeters = args.length > 2 ? Double.parseDouble(args[2]) : 5000;
    if (!peerName.equals("jts") && !peerName.equals("rtree2")) {
      throw new IllegalArgumentException("peer must be jts or rtree2, got " + peerName);
    }
    SyntheticWorld world = SyntheticWorld.generate(1_000_000, 42);
    double[][] q = world.queries(4096, 7);
    double[] qLat = q[0];
    double[] qLon = q[1];
    QuadTree<Void> quad = QuadTree.ofPoints(world.lat, world.lon, QuadTree.DEFAULT_CAPACITY);
    Hits hits = new Hits(1024);
    GeoRadiusBenchmark rb = new GeoRadiusBenchmark();
    rb.radiusMeters = radiusMeters;
    rb.useWorld(world, qLat, qLon);
    IntUnaryOperator peer;
    if (peerName.equals("jts")) {
      rb.strtree = GeoNearestBenchmark.jts(world);
      peer = i -> (int) rb.jtsAt(i, true);
    } else {
      rb.rtree = GeoNearestBenchmark.rtree2(world);
      peer = i -> (int) rb.rtree2At(i);
    }
    IntUnaryOperator ours = i -> quad.withinRadius(qLat[i], qLon[i], radiusMeters, hits);
    for (int i = 0; i < 4096; i++) {
      int a = ours.applyAsInt(i);
      int b = peer.applyAsInt(i);
      if (a != b) {
        throw new IllegalStateException("hit counts differ at query " + i + ": " + a + " vs " + b);
      }
    }
    // Timed rounds a pass: about 0.15 s of each side at 5 km (16 x 4,096 x ~2.3 us; 4,096 x ~40
    // us).
    GeoJarPair.Side[] sides = {rounds -> rounds(ours, rounds), rounds -> rounds(peer, rounds)};
    double[][] perQuery =
        GeoJarPair.alternate(sides, new int[] {16, 1}, 4, 10_000_000_000L, passes, true);
    GeoJarPair.report(
        new String[] {"blocks", peerName},
        String.format(Locale.ROOT, " radius %.0f m", radiusMeters),
        perQuery);
  }

  private static long rounds(IntUnaryOperator query, int rounds) {
    long sum = 0;
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < 4096; i++) {
        sum += query.applyAsInt(i);
      }
    }
    return sum;
  }
}
