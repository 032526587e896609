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

/** Geohash encoding of random points: ours against {@code ch.hsr:geohash}, string and bits. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GeoHashEncodeBenchmark {

  private final double[] lat = new double[1024];
  private final double[] lon = new double[1024];
  private int i;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(7);
    for (int k = 0; k < 1024; k++) {
      lat[k] = r.nextDouble(-90, 90);
      lon[k] = r.nextDouble(-180, 180);
    }
  }

  @Benchmark
  public String blocksString12() {
    int k = i++ & 1023;
    return GeoHash.encode(lat[k], lon[k], 12);
  }

  @Benchmark
  public String hsrString12() {
    int k = i++ & 1023;
    return ch.hsr.geohash.GeoHash.geoHashStringWithCharacterPrecision(lat[k], lon[k], 12);
  }

  @Benchmark
  public long blocksBits60() {
    int k = i++ & 1023;
    return GeoHash.encodeBits(lat[k], lon[k], 60);
  }

  @Benchmark
  public long hsrBits60() {
    int k = i++ & 1023;
    return ch.hsr.geohash.GeoHash.withBitPrecision(lat[k], lon[k], 60).longValue();
  }
}
