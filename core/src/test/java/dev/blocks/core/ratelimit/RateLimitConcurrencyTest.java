package dev.blocks.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many threads race for permits while time stands still: exactly the capacity is granted. */
class RateLimitConcurrencyTest {

  private static final int THREADS = 8;

  private static long race(RateLimiter limiter, int triesPerThread) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CyclicBarrier barrier = new CyclicBarrier(THREADS);
      List<Future<Long>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(
            pool.submit(
                () -> {
                  barrier.await(1, TimeUnit.MINUTES);
                  long granted = 0;
                  for (int i = 0; i < triesPerThread; i++) {
                    if (limiter.tryAcquire()) {
                      granted++;
                    }
                  }
                  return granted;
                }));
      }
      long total = 0;
      for (Future<Long> f : futures) {
        total += f.get(1, TimeUnit.MINUTES);
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void tokenBucket_eightThreadsFrozenTime_grantExactlyTheBurst() throws Exception {
    for (int round = 0; round < 20; round++) {
      TokenBucket bucket = TokenBucket.of(1000, 5_000, () -> 42L);
      assertThat(race(bucket, 2_000)).isEqualTo(5_000);
    }
  }

  @Test
  void slidingWindow_eightThreadsFrozenTime_grantExactlyTheLimit() throws Exception {
    for (int round = 0; round < 20; round++) {
      SlidingWindowCounter counter =
          SlidingWindowCounter.of(5_000, Duration.ofSeconds(1), () -> 7L);
      assertThat(race(counter, 2_000)).isEqualTo(5_000);
    }
  }
}
