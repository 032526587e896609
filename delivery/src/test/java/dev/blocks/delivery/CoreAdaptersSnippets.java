package dev.blocks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocks.core.idempotency.IdempotencyStore;
import dev.blocks.core.idempotency.InMemoryIdempotencyStore;
import dev.blocks.core.retry.Backoff;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CoreAdaptersSnippets {

  @Test
  void backoff() {
    // @start region=backoff
    Backoff core = Backoff.exponential(Duration.ofMillis(50), Duration.ofSeconds(5)).fullJitter();
    BackoffSchedule schedule = BackoffSchedule.from(core, new SplittableRandom(42)); // seeded
    long firstRetryDelay = schedule.delayNanos(1); // in [0, 50 ms]
    // pass it to DeliveryConsumer.Builder.backoff(schedule, System::nanoTime)
    // @end
    assertThat(firstRetryDelay)
        .isEqualTo(core.delayNanos(1, 0, new SplittableRandom(42)))
        .isBetween(0L, Duration.ofMillis(50).toNanos());
  }

  @Test
  void processed() throws Exception {
    StringBuilder ledger = new StringBuilder();
    // @start region=processed
    IdempotencyStore<Void> store = InMemoryIdempotencyStore.create(); // or a database-backed one
    ProcessedMessages processed = ProcessedMessages.over(store, "ledger-group");
    processed.applyOnce("payments-0@17", () -> ledger.append("pay-17;")); // runs: true
    processed.applyOnce("payments-0@17", () -> ledger.append("pay-17;")); // redelivery: false
    // @end
    assertThat(ledger).hasToString("pay-17;");
  }
}
