package dev.blocks.bench.core;

import com.google.common.hash.Hashing;
import dev.blocks.core.sharding.JumpHash;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Jump consistent hash lookups: ours against Guava's {@code Hashing.consistentHash}. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class JumpHashBenchmark {

  @Param({"100", "1000"})
  int nodes;

  private final long[] keys = new long[1024];
  private int i;

  @Setup
  public void setup() {
    SplittableRandom random = new SplittableRandom(7);
    for (int k = 0; k < keys.length; k++) {
      keys[k] = random.nextLong();
    }
  }

  @Benchmark
  public int blocksJumpHash() {
    return JumpHash.bucket(keys[i++ & 1023], nodes);
  }

  @Benchmark
  public int guavaConsistentHash() {
    return Hashing.consistentHash(keys[i++ & 1023], nodes);
  }
}
