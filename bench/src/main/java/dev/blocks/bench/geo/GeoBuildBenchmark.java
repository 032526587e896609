package dev.blocks.bench.geo;

import dev.blocks.geo.QuadTree;
import java.util.concurrent.TimeUnit;
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

/** Single-threaded build time of each index over the same clustered synthetic world. */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx3g"})
public class GeoBuildBenchmark {

  @Param({"1000000"})
  int points;

  private SyntheticWorld world;

  @Setup(Level.Trial)
  public void setup() {
    world = SyntheticWorld.generate(points, 42);
  }

  @Benchmark
  public Object blocksQuadTree() {
    return QuadTree.ofPoints(world.lat, world.lon, QuadTree.DEFAULT_CAPACITY);
  }

  @Benchmark
  public Object jtsStrTree() {
    return GeoNearestBenchmark.jts(world);
  }

  @Benchmark
  public Object rtree2() {
    return GeoNearestBenchmark.rtree2(world);
  }
}
