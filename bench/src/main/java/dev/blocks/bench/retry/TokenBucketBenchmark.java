package dev.blocks.bench.retry;

import dev.blocks.core.ratelimit.TokenBucket;
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

/**
 * Uncontended {@code tryAcquire()} of one permit on the system clock: Blocks {@link TokenBucket}
 * against Guava's {@code RateLimiter}. "granting" runs at a rate far above the call rate, so every
 * call is granted; "throttling" at 1 per second, so almost every call is refused. {@code
 * blocksTokenBucketCountingTicker} runs the same bucket on a ticker that only counts (1 ns per
 * call), which isolates the algorithm from the cost of the clock, and {@code systemNanoTime} is
 * that cost alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenBucketBenchmark {

  @Param({"granting", "throttling"})
  String load;

  private TokenBucket blocks;
  private TokenBucket counting;
  private long ticks;

  @SuppressWarnings("UnstableApiUsage")
  private com.google.common.util.concurrent.RateLimiter guava;

  @Setup
  public void setup() {
    double rate = load.equals("granting") ? 1e9 : 1.0;
    blocks = TokenBucket.of(rate, 1000);
    counting = TokenBucket.of(rate, 1000, () -> ticks++);
    guava = com.google.common.util.concurrent.RateLimiter.create(rate);
  }

  @Benchmark
  public boolean blocksTokenBucket() {
    return blocks.tryAcquire();
  }

  @Benchmark
  public boolean blocksTokenBucketCountingTicker() {
    return counting.tryAcquire();
  }

  @Benchmark
  public long systemNanoTime() {
    return System.nanoTime();
  }

  @Benchmark
  public boolean guavaRateLimiter() {
    return guava.tryAcquire();
  }
}
