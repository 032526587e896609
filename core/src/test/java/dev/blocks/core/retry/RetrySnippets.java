package dev.blocks.core.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrySnippets {

  private final FakeTime time = new FakeTime(0);

  @Test
  void backoff() {
    // @start region=backoff
    Backoff backoff =
        Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5)).decorrelatedJitter();
    SplittableRandom random = new SplittableRandom(42);
    long first = backoff.delayNanos(1, 0, random); // in [100 ms, 300 ms]
    long second = backoff.delayNanos(2, first, random); // in [100 ms, 3 * first], at most 5 s
    // @end
    assertThat(first).isBetween(100_000_000L, 300_000_000L);
    assertThat(second).isBetween(100_000_000L, 3 * first);
  }

  @Test
  void policy() {
    // @start region=policy
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(5)
            .maxDuration(Duration.ofSeconds(2))
            .backoff(Backoff.exponential(Duration.ofMillis(50), Duration.ofSeconds(1)).fullJitter())
            .retryOn(IOException.class)
            .abortOn(java.io.FileNotFoundException.class) // abort wins over retryOn
            .build();
    // @end
    assertThat(policy.retries(new IOException())).isTrue();
    assertThat(policy.retries(new java.io.FileNotFoundException())).isFalse();
  }

  @Test
  void call() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    // @start region=call
    Retry retry =
        Retry.builder(RetryPolicy.builder().maxAttempts(3).build())
            .ticker(time) // tests inject fake time; production leaves the defaults
            .sleeper(time)
            .build();
    String body =
        retry.call(
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw new IOException("connection reset");
              }
              return "200 OK";
            });
    // @end
    assertThat(body).isEqualTo("200 OK");
    assertThat(time.sleeps).hasSize(2);
  }

  @Test
  void async() throws Exception {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      AtomicInteger calls = new AtomicInteger();
      // @start region=async
      Retry retry =
          Retry.of(
              RetryPolicy.builder()
                  .maxAttempts(4)
                  .backoff(Backoff.fixed(Duration.ofMillis(1)))
                  .build());
      CompletableFuture<String> reply =
          retry.callAsync(
              () ->
                  calls.incrementAndGet() < 2
                      ? CompletableFuture.failedFuture(new IOException("503"))
                      : CompletableFuture.completedFuture("200"),
              executor); // retries are scheduled here; no thread waits
      // @end
      assertThat(reply.get()).isEqualTo("200");
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void budget() {
    List<Integer> attempts = new ArrayList<>();
    // @start region=budget
    RetryBudget budget = RetryBudget.of(10, 0.1); // shared by every call to one downstream
    Retry retry =
        Retry.builder(RetryPolicy.builder().maxAttempts(3).backoff(Backoff.none()).build())
            .budget(budget)
            .build();
    for (int call = 0; call < 5; call++) {
      AtomicInteger n = new AtomicInteger();
      try {
        retry.run(
            () -> {
              n.incrementAndGet();
              throw new IllegalStateException("downstream is down");
            });
      } catch (IllegalStateException expected) {
        attempts.add(n.get()); // 3, 2, 1, 1, 1: retries stop once half the tokens are gone
      }
    }
    // @end
    assertThat(attempts).containsExactly(3, 2, 1, 1, 1);
  }
}
