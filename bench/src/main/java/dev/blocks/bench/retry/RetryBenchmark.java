package dev.blocks.bench.retry;

import dev.blocks.core.retry.Backoff;
import dev.blocks.core.retry.Retry;
import dev.blocks.core.retry.RetryPolicy;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
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
 * Success-path overhead of a retry around a trivial call (the call succeeds at once): a bare call,
 * Blocks {@link Retry}, resilience4j {@code Retry} and Failsafe {@code RetryPolicy}, each with 3
 * attempts and a 100 ms exponential backoff that is never used.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RetryBenchmark {

  /** Blocks' policy variant: "plain" (attempts + backoff), or "deadline" (also a max duration). */
  @Param({"plain", "deadline"})
  String policy;

  private String payload;
  private Callable<String> call;
  private CheckedSupplier<String> failsafeCall;
  private Retry blocks;
  private io.github.resilience4j.retry.Retry resilience4j;
  private FailsafeExecutor<String> failsafe;

  @Setup
  public void setup() {
    payload = "ok";
    call = () -> payload;
    failsafeCall = () -> payload;
    RetryPolicy.Builder b =
        RetryPolicy.builder()
            .maxAttempts(3)
            .backoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)));
    if (policy.equals("deadline")) {
      b.maxDuration(Duration.ofSeconds(30));
    }
    blocks = Retry.of(b.build());
    resilience4j =
        io.github.resilience4j.retry.Retry.of(
            "bench",
            RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(100)).build());
    failsafe =
        Failsafe.with(
            dev.failsafe.RetryPolicy.<String>builder()
                .withMaxAttempts(3)
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(10))
                .build());
  }

  @Benchmark
  public String bare() throws Exception {
    return call.call();
  }

  @Benchmark
  public String blocksRetry() throws Exception {
    return blocks.call(call);
  }

  @Benchmark
  public String resilience4jRetry() throws Exception {
    return resilience4j.executeCallable(call);
  }

  @Benchmark
  public String failsafeRetry() {
    return failsafe.get(failsafeCall);
  }
}
