package dev.blocks.bench.geo;

import com.github.davidmoten.rtree2.Entries;
import com.github.davidmoten.rtree2.Entry;
import com.github.davidmoten.rtree2.RTree;
import com.github.davidmoten.rtree2.geometry.Geometries;
import com.github.davidmoten.rtree2.geometry.Point;
import dev.blocks.geo.Hits;
import dev.blocks.geo.QuadTree;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.ItemBoundable;
import org.locationtech.jts.index.strtree.ItemDistance;
import org.locationtech.jts.index.strtree.STRtree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * k-nearest-neighbour queries near cities of a clustered synthetic world: our {@link QuadTree}
 * (exact great-circle ranking, caller-supplied buffer) against JTS {@code STRtree} and rtree2,
 * which rank by flat distance in degrees (as they are commonly used for lat/lon points).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx3g"})
public class GeoNearestBenchmark {

  @Param({"1000000"})
  int points;

  @Param({"10", "100"})
  int k;

  private double[] qLat;
  private double[] qLon;
  private int q;
  private QuadTree<Void> quad;
  private final Hits hits = new Hits(128);
  private STRtree strtree;
  private RTree<Integer, Point> rtree;

  static final ItemDistance DEGREES =
      (ItemBoundable a, ItemBoundable b) ->
          ((Envelope) a.getBounds()).distance((Envelope) b.getBounds());

  @Setup(Level.Trial)
  public void setup(BenchmarkParams params) {
    SyntheticWorld world = SyntheticWorld.generate(points, 42);
    double[][] queries = world.queries(4096, 7);
    qLat = queries[0];
    qLon = queries[1];
    String method = params.getBenchmark();
    if (method.endsWith("blocksQuadTree")) {
      quad = QuadTree.ofPoints(world.lat, world.lon, QuadTree.DEFAULT_CAPACITY);
    } else if (method.endsWith("jtsStrTree")) {
      strtree = jts(world);
    } else {
      rtree = rtree2(world);
    }
  }

  static STRtree jts(SyntheticWorld world) {
    STRtree t = new STRtree();
    for (int i = 0; i < world.lat.length; i++) {
      t.insert(new Envelope(world.lon[i], world.lon[i], world.lat[i], world.lat[i]), i);
    }
    t.build();
    return t;
  }

  static RTree<Integer, Point> rtree2(SyntheticWorld world) {
    List<Entry<Integer, Point>> entries = new ArrayList<>(world.lat.length);
    for (int i = 0; i < world.lat.length; i++) {
      entries.add(Entries.entry(i, Geometries.point(world.lon[i], world.lat[i])));
    }
    return RTree.star().create(entries);
  }

  @Benchmark
  public long blocksQuadTree() {
    int i = q++ & 4095;
    quad.nearest(qLat[i], qLon[i], k, hits);
    return hits.id(0);
  }

  @Benchmark
  public Object jtsStrTree() {
    int i = q++ & 4095;
    Envelope e = new Envelope(qLon[i], qLon[i], qLat[i], qLat[i]);
    Object[] r = strtree.nearestNeighbour(e, -1, DEGREES, k);
    return r[0];
  }

  /**
   * rtree2's search is bounded by a maximum distance in degrees; an unbounded one (360) visits the
   * whole tree, so this uses 1 degree, which near a city holds k points but may return fewer.
   */
  @Benchmark
  public int rtree2() {
    int i = q++ & 4095;
    int n = 0;
    for (Entry<Integer, Point> e : rtree.nearest(Geometries.point(qLon[i], qLat[i]), 1.0, k)) {
      n += e.value();
    }
    return n;
  }
}
