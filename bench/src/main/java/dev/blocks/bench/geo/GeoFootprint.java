package dev.blocks.bench.geo;

import com.github.davidmoten.rtree2.Entry;
import com.github.davidmoten.rtree2.RTree;
import com.github.davidmoten.rtree2.geometry.Geometries;
import com.github.davidmoten.rtree2.geometry.Point;
import dev.blocks.geo.GreatCircle;
import dev.blocks.geo.Hits;
import dev.blocks.geo.QuadTree;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Figures JMH does not give: retained heap per point of each index (used heap after full GCs,
 * before and after building, with the tree held), our build time at larger sizes (best of 3
 * wall-clock runs), and top-k recall of each index against a brute-force haversine scan.
 *
 * <p>Run: {@code java -Xmx8g -cp bench/target/benchmarks.jar dev.blocks.bench.geo.GeoFootprint
 * [points...]}
 */
public final class GeoFootprint {

  private GeoFootprint() {}

  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {1_000_000} : new int[args.length];
    for (int i = 0; i < args.length; i++) {
      sizes[i] = Integer.parseInt(args[i]);
    }
    System.out.println(
        "JDK " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cpus");
    for (int n : sizes) {
      SyntheticWorld world = SyntheticWorld.generate(n, 42);
      long best = Long.MAX_VALUE;
      QuadTree<Void> quad = null;
      for (int r = 0; r < 3; r++) {
        quad = null;
        long t0 = System.nanoTime();
        quad = QuadTree.ofPoints(world.lat, world.lon, QuadTree.DEFAULT_CAPACITY);
        best = Math.min(best, System.nanoTime() - t0);
      }
      System.out.printf(
          "n=%d blocks QuadTree: build %.0f ms (best of 3), %d nodes, index arrays %.1f B/point%n",
          n, best / 1e6, quad.nodeCount(), (double) quad.indexBytes() / n);
      quad = null;
      if (n > 2_000_000) {
        System.out.printf(
            "n=%d retained heap B/point: blocks %.1f%n",
            n, retained(() -> QuadTree.ofPoints(world.lat, world.lon, 100)) / n);
        continue;
      }
      System.out.printf(
          "n=%d retained heap B/point: blocks %.1f, jts %.1f, rtree2 %.1f%n",
          n,
          retained(() -> QuadTree.ofPoints(world.lat, world.lon, 100)) / n,
          retained(() -> GeoNearestBenchmark.jts(world)) / n,
          retained(() -> GeoNearestBenchmark.rtree2(world)) / n);
      recall(world, 10);
      recall(world, 100);
    }
  }

  private static double retained(java.util.function.Supplier<Object> build) {
    long before = used();
    Object keep = build.get();
    long after = used();
    if (keep.hashCode() == 42) {
      System.out.print("");
    }
    return after - before;
  }

  private static long used() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  private static void recall(SyntheticWorld world, int k) {
    int n = world.lat.length;
    QuadTree<Void> quad = QuadTree.ofPoints(world.lat, world.lon, 100);
    STRtree jts = GeoNearestBenchmark.jts(world);
    RTree<Integer, Point> rtree = GeoNearestBenchmark.rtree2(world);
    double[][] q = world.queries(100, 11);
    long okBlocks = 0;
    long okJts = 0;
    long okRtree = 0;
    long total = 0;
    Hits hits = new Hits(k);
    double[] d = new double[n];
    for (int i = 0; i < q[0].length; i++) {
      for (int p = 0; p < n; p++) {
        d[p] = GreatCircle.distance(q[0][i], q[1][i], world.lat[p], world.lon[p]);
      }
      double[] sorted = d.clone();
      Arrays.sort(sorted);
      double kth = sorted[k - 1];
      quad.nearest(q[0][i], q[1][i], k, hits);
      for (int j = 0; j < hits.size(); j++) {
        okBlocks += d[(int) hits.id(j)] <= kth ? 1 : 0;
      }
      Object[] r =
          jts.nearestNeighbour(
              new Envelope(q[1][i], q[1][i], q[0][i], q[0][i]), -1, GeoNearestBenchmark.DEGREES, k);
      for (Object o : r) {
        okJts += d[(Integer) o] <= kth ? 1 : 0;
      }
      Set<Integer> seen = new HashSet<>();
      for (Entry<Integer, Point> e : rtree.nearest(Geometries.point(q[1][i], q[0][i]), 400, k)) {
        if (seen.add(e.value())) {
          okRtree += d[e.value()] <= kth ? 1 : 0;
        }
      }
      total += k;
    }
    System.out.printf(
        "recall@%d vs brute-force haversine (100 queries near cities): blocks %.3f, jts %.3f, rtree2 %.3f%n",
        k, (double) okBlocks / total, (double) okJts / total, (double) okRtree / total);
  }
}
