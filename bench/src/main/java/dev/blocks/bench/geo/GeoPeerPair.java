package dev.blocks.bench.geo;

import dev.blocks.geo.Hits;
import dev.blocks.geo.QuadTree;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
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
 * <p>Each pass first runs one untimed round of the 4,096 queries (so that the other side's data,
 * which the previous pass left in the caches, is replaced by this side's, as in a JMH fork that
 * runs one side only), then times {@code rounds} rounds. Before timing, every query's hit count is
 * checked to be the same on both sides, and both sides warm up for at least 5 s.
 *
 * <p>Run: {@code java -Xmx4g -cp bench/target/benchmarks.jar dev.blocks.bench.geo.GeoPeerPair
 * [passes] [jts|rtree2] [radiusMeters]}
 */
public final class GeoPeerPair {

  private GeoPeerPair() {}

  public static void main(String[] args) {
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
    int ourRounds = 16;
    int peerRounds = 1;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sink = 0;
    long warmUntil = System.nanoTime() + 10_000_000_000L;
    int warmPasses = 0;
    while (System.nanoTime() < warmUntil || warmPasses < 4) {
      sink += rounds(ours, 4);
      sink += rounds(peer, 1);
      warmPasses++;
    }
    double[][] perQuery = new double[2][passes];
    for (int pass = 0; pass < passes; pass++) {
      for (int k = 0; k < 2; k++) {
        // Alternate which side goes first, so neither always follows the other.
        int which = (k + pass) & 1;
        IntUnaryOperator side = which == 0 ? ours : peer;
        int r = which == 0 ? ourRounds : peerRounds;
        sink += rounds(side, 1);
        long c0 = mx.getCurrentThreadCpuTime();
        sink += rounds(side, r);
        perQuery[which][pass] = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / (4096.0 * r);
      }
    }
    String[] names = {"blocks", peerName};
    for (int k = 0; k < 2; k++) {
      double[] s = perQuery[k].clone();
      Arrays.sort(s);
      System.out.printf(
          Locale.ROOT,
          "%s radius %.0f m: thread CPU per query median %.3f us (quartiles %.3f-%.3f)%n",
          names[k],
          radiusMeters,
          s[passes / 2],
          s[passes / 4],
          s[3 * passes / 4]);
    }
    double[] ratio = new double[passes];
    for (int p = 0; p < passes; p++) {
      ratio[p] = perQuery[1][p] / perQuery[0][p];
    }
    double[] r = ratio.clone();
    Arrays.sort(r);
    System.out.printf(
        Locale.ROOT,
        "%s / blocks per pass: median %.2fx (quartiles %.2f-%.2f, min %.2f, max %.2f, %d passes)%n",
        peerName,
        r[passes / 2],
        r[passes / 4],
        r[3 * passes / 4],
        r[0],
        r[passes - 1],
        passes);
    if (sink == 42) {
      System.out.println();
    }
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
