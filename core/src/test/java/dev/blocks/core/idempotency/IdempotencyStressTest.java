package dev.blocks.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** 8 threads send the same key at once, many rounds: one execution, one outcome for all. */
class IdempotencyStressTest {

  private static final int THREADS = 8;
  private static final int ROUNDS = 300;

  @Test
  void eightThreadsSameKey_waitMode_oneExecutionSameOutcome() throws Exception {
    stress(
        IdempotentExecutor.builder(InMemoryIdempotencyStore.<Object>create())
            .waitForInFlight(Duration.ofMinutes(1))
            .build());
  }

  @Test
  void eightThreadsSameKey_conflictMode_retryingCallersSeeOneExecution() throws Exception {
    stress(IdempotentExecutor.of(InMemoryIdempotencyStore.<Object>create()));
  }

  private static void stress(IdempotentExecutor<Object> executor) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        IdempotencyKey key = IdempotencyKey.of("t", "p", "round-" + round);
        AtomicInteger executions = new AtomicInteger();
        CyclicBarrier barrier = new CyclicBarrier(THREADS);
        boolean fail = round % 3 == 0;
        List<Future<Object>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          futures.add(
              pool.submit(
                  () -> {
                    barrier.await(1, TimeUnit.MINUTES);
                    while (true) {
                      try {
                        return executor.execute(
                            key,
                            "same",
                            () -> {
                              int n = executions.incrementAndGet();
                              for (int spin = 0; spin < 1000; spin++) {
                                Thread.onSpinWait();
                              }
                              if (fail) {
                                throw new IllegalStateException("declined " + n);
                              }
                              return new Object();
                            });
                      } catch (IdempotencyConflictException busy) {
                        Thread.yield();
                      } catch (IllegalStateException declined) {
                        return declined;
                      }
                    }
                  }));
        }
        Set<Object> outcomes =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Future<Object> f : futures) {
          outcomes.add(f.get(1, TimeUnit.MINUTES));
        }
        assertThat(executions).as("round %d", round).hasValue(1);
        assertThat(outcomes).as("round %d", round).hasSize(1);
        assertThat(new HashSet<>(outcomes)).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
