package dev.blocks.bench.geo;

import dev.blocks.geo.GeoHash;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The 8 neighbours of a 60-bit geohash cell: ours (bits in, bits out, allocation-free) against
 * {@code ch.hsr:geohash}'s {@code getAdjacent()}, each from its own precomputed hash.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GeoHashNeighboursBenchmark {

  private final long[] bits = new long[1024];
  private final ch.hsr.geohash.GeoHash[] hsr = new ch.hsr.geohash.GeoHash[1024];
  private final long[] out = new long[8];
  private int i;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(7);
    for (int k = 0; k < 1024; k++) {
      double la = r.nextDouble(-89, 89);
      double lo = r.nextDouble(-180, 180);
      bits[k] = GeoHash.encodeBits(la, lo, 60);
      hsr[k] = ch.hsr.geohash.GeoHash.withBitPrecision(la, lo, 60);
    }
  }

  @Benchmark
  public long blocksNeighbours() {
    int n = GeoHash.neighbours(bits[i++ & 1023], 60, out);
    return out[n - 1];
  }

  @Benchmark
  public Object hsrAdjacent() {
    return hsr[i++ & 1023].getAdjacent()[7];
  }
}
