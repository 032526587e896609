package dev.blocks.bench.geo;

import com.github.davidmoten.rtree2.Entry;
import com.github.davidmoten.rtree2.RTree;
import com.github.davidmoten.rtree2.geometry.Geometries;
import com.github.davidmoten.rtree2.geometry.Point;
import dev.blocks.geo.GreatCircle;
import dev.blocks.geo.Hits;
import dev.blocks.geo.QuadTree;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Envelope;
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
 * Everything within 5 km of a location near a city: our {@link QuadTree#withinRadius} against a
 * bounding-box query on JTS {@code STRtree} and rtree2 followed by the same exact haversine filter,
 * so all three return the same answer (the peers' boxes are widened for latitude).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx3g"})
public class GeoRadiusBenchmark {

  @Param({"1000000"})
  int points;

  @Param({"5000"})
  double radiusMeters;

  private double[] qLat;
  private double[] qLon;
  private int q;
  private QuadTree<Void> quad;
  private final Hits hits = new Hits(1024);
  STRtree strtree;
  RTree<Integer, Point> rtree;
  private double[] lat;
  private double[] lon;

  @Setup(Level.Trial)
  public void setup(BenchmarkParams params) {
    SyntheticWorld world = SyntheticWorld.generate(points, 42);
    lat = world.lat;
    lon = world.lon;
    double[][] queries = world.queries(4096, 7);
    qLat = queries[0];
    qLon = queries[1];
    String method = params.getBenchmark();
    if (method.endsWith("blocksQuadTree")) {
      quad = QuadTree.ofPoints(world.lat, world.lon, QuadTree.DEFAULT_CAPACITY);
    } else if (method.endsWith("jtsStrTree")) {
      strtree = GeoNearestBenchmark.jts(world);
    } else {
      rtree = GeoNearestBenchmark.rtree2(world);
    }
  }

  /** {minLon, maxLon, minLat, maxLat} around a query, ignoring the rare antimeridian case. */
  private double[] box(int i) {
    double dLat = Math.toDegrees(radiusMeters / GreatCircle.EARTH_RADIUS_METERS);
    double dLon =
        dLat / Math.max(1e-6, Math.cos(Math.toRadians(Math.min(89.9, Math.abs(qLat[i])))));
    return new double[] {qLon[i] - dLon, qLon[i] + dLon, qLat[i] - dLat, qLat[i] + dLat};
  }

  void useWorld(SyntheticWorld world, double[] qLat, double[] qLon) {
    lat = world.lat;
    lon = world.lon;
    this.qLat = qLat;
    this.qLon = qLon;
  }

  @Benchmark
  public int blocksQuadTree() {
    int i = q++ & 4095;
    return quad.withinRadius(qLat[i], qLon[i], radiusMeters, hits);
  }

  @Benchmark
  public int jtsStrTree() {
    return (int) jtsAt(q++ & 4095);
  }

  long jtsAt(int i) {
    double[] b = box(i);
    int[] count = new int[1];
    double la = qLat[i];
    double lo = qLon[i];
    strtree.query(
        new Envelope(b[0], b[1], b[2], b[3]),
        item -> {
          int p = (Integer) item;
          if (GreatCircle.distance(la, lo, lat[p], lon[p]) <= radiusMeters) {
            count[0]++;
          }
        });
    return count[0];
  }

  @Benchmark
  public int rtree2() {
    return (int) rtree2At(q++ & 4095);
  }

  long rtree2At(int i) {
    double[] b = box(i);
    int n = 0;
    for (Entry<Integer, Point> e : rtree.search(Geometries.rectangle(b[0], b[2], b[1], b[3]))) {
      int p = e.value();
      if (GreatCircle.distance(qLat[i], qLon[i], lat[p], lon[p]) <= radiusMeters) {
        n++;
      }
    }
    return n;
  }
}
