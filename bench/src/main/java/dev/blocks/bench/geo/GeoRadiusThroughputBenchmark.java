package dev.blocks.bench.geo;

import com.github.davidmoten.rtree2.RTree;
import com.github.davidmoten.rtree2.geometry.Point;
import dev.blocks.geo.Hits;
import dev.blocks.geo.QuadTree;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Radius-search throughput with one index shared by every benchmark thread, as a server answers
 * queries from several threads: the same work per query as {@link GeoRadiusBenchmark} (ours: {@link
 * QuadTree#withinRadius} into a per-thread {@link Hits}; the peers: box query, the same exact
 * haversine filter, the same sort, into per-thread buffers), the same 4,096 query points, each
 * thread starting at its own offset in them. Run with {@code -t 1} and {@code -t 2} (this machine
 * has two vCPUs); the index is built once per fork, before the threads start, and only read after.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx3g"})
public class GeoRadiusThroughputBenchmark {

  @Param({"1000000"})
  int points;

  @Param({"5000"})
  double radiusMeters;

  SyntheticWorld world;
  double[] qLat;
  double[] qLon;
  QuadTree<Void> quad;
  STRtree strtree;
  RTree<Integer, Point> rtree;

  @Setup(Level.Trial)
  public void setup(BenchmarkParams params) {
    world = SyntheticWorld.generate(points, 42);
    double[][] queries = world.queries(4096, 7);
    qLat = queries[0];
    qLon = queries[1];
    String method = params.getBenchmark();
    if (method.endsWith("blocksQuadTree")) {
      quad = QuadTree.ofPoints(world.lat, world.lon, QuadTree.DEFAULT_CAPACITY);
    } else if (method.endsWith("rtree2")) {
      rtree = GeoNearestBenchmark.rtree2(world);
    } else {
      strtree = GeoNearestBenchmark.jts(world);
    }
  }

  /** A thread's own query cursor and result buffers; the index is the shared one. */
  @State(Scope.Thread)
  public static class Cursor {
    int q;
    final Hits hits = new Hits(1024);
    // The peers' per-query work with this thread's own buffers, over the shared tree.
    final GeoRadiusBenchmark peer = new GeoRadiusBenchmark();

    @Setup(Level.Trial)
    public void setup(GeoRadiusThroughputBenchmark shared, ThreadParams thread) {
      q = thread.getThreadIndex() * 4096 / thread.getThreadCount();
      peer.radiusMeters = shared.radiusMeters;
      peer.useWorld(shared.world, shared.qLat, shared.qLon);
      peer.strtree = shared.strtree;
      peer.rtree = shared.rtree;
    }
  }

  @Benchmark
  public int blocksQuadTree(Cursor c) {
    int i = c.q++ & 4095;
    return quad.withinRadius(qLat[i], qLon[i], radiusMeters, c.hits);
  }

  @Benchmark
  public int jtsStrTree(Cursor c) {
    return (int) c.peer.jtsAt(c.q++ & 4095, true);
  }

  @Benchmark
  public int rtree2(Cursor c) {
    return (int) c.peer.rtree2At(c.q++ & 4095);
  }
}
