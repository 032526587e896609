package dev.blocks.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocks.core.retry.Backoff;
import dev.blocks.core.retry.Retry;
import dev.blocks.core.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotencySnippets {

  @Test
  void store() {
    // @start region=store
    InMemoryIdempotencyStore<String> store =
        InMemoryIdempotencyStore.builder()
            .retention(Duration.ofHours(24)) // the default, as Stripe keeps keys
            .maximumSize(100_000)
            .build();
    // @end
    assertThat(store.retention()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void executor() throws Exception {
    AtomicInteger charges = new AtomicInteger();
    // @start region=executor
    IdempotentExecutor<String> payments = IdempotentExecutor.of(InMemoryIdempotencyStore.create());
    IdempotencyKey key = IdempotencyKey.of("shop-7", "alice", "9f1c2b7e-order-1001");
    String first =
        payments.execute(key, "charge EUR 25.00", () -> "ch_" + charges.incrementAndGet());
    String again =
        payments.execute(key, "charge EUR 25.00", () -> "ch_" + charges.incrementAndGet());
    // first and again are both "ch_1": the card was charged once
    // @end
    assertThat(first).isEqualTo("ch_1");
    assertThat(again).isEqualTo("ch_1");
    assertThat(charges).hasValue(1);
  }

  @Test
  void exactlyOnce() throws Exception {
    IdempotentExecutor<String> server = IdempotentExecutor.of(InMemoryIdempotencyStore.create());
    AtomicInteger charges = new AtomicInteger();
    AtomicInteger attempts = new AtomicInteger();
    // @start region=exactlyOnce
    Retry retry = Retry.of(RetryPolicy.builder().maxAttempts(5).backoff(Backoff.none()).build());
    String key = ExactlyOnce.newKey(new SplittableRandom()); // one key per logical payment
    String receipt =
        ExactlyOnce.call(
            retry,
            key,
            k -> {
              String r =
                  server.execute(
                      IdempotencyKey.of("shop-7", "alice", k),
                      "charge EUR 25.00",
                      () -> "ch_" + charges.incrementAndGet());
              if (attempts.incrementAndGet() < 3) {
                throw new IOException("response lost"); // the charge happened, the reply did not
              }
              return r;
            });
    // receipt is "ch_1" after 3 attempts, and the card was charged once
    // @end
    assertThat(receipt).isEqualTo("ch_1");
    assertThat(charges).hasValue(1);
  }
}
