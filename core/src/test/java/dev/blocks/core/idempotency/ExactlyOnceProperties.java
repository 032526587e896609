package dev.blocks.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.blocks.core.retry.Backoff;
import dev.blocks.core.retry.Retry;
import dev.blocks.core.retry.RetryPolicy;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExactlyOnceProperties {

  /**
   * A flaky payment downstream: each attempt is either refused before it reaches the service (0),
   * executed with its response lost on the way back (1), or answered (2). With retry and a stable
   * key the charge happens exactly once whenever the caller gets an answer, and at most once when
   * the retry gives up.
   */
  @Test
  void flakyDownstreamChargesExactlyOnce() {
    qt().forAll(
            lists().of(integers().between(0, 2)).ofSizeBetween(0, 12),
            integers().between(1, 8),
            longs().all())
        .checkAssert(
            (script, maxAttempts, seed) -> {
              IdempotentExecutor<String> service =
                  IdempotentExecutor.of(InMemoryIdempotencyStore.create());
              AtomicInteger charges = new AtomicInteger();
              AtomicInteger attempt = new AtomicInteger();
              Retry retry =
                  Retry.builder(
                          RetryPolicy.builder()
                              .maxAttempts(maxAttempts)
                              .backoff(Backoff.none())
                              .build())
                      .sleeper(nanos -> {})
                      .build();
              String key = ExactlyOnce.newKey(new SplittableRandom(seed));
              Object outcome;
              try {
                outcome =
                    ExactlyOnce.call(
                        retry,
                        key,
                        k -> {
                          int a = attempt.getAndIncrement();
                          int step = a < script.size() ? script.get(a) : 2;
                          if (step == 0) {
                            throw new IOException("connection refused");
                          }
                          String receipt =
                              service.execute(
                                  IdempotencyKey.of("shop", "alice", k),
                                  "charge 100 EUR",
                                  () -> "receipt-" + charges.incrementAndGet());
                          if (step == 1) {
                            throw new IOException("response lost");
                          }
                          return receipt;
                        });
              } catch (Exception e) {
                outcome = e;
              }
              if (outcome instanceof String receipt) {
                assertThat(charges).hasValue(1);
                assertThat(receipt).isEqualTo("receipt-1");
              } else {
                assertThat(attempt).hasValue(maxAttempts);
                assertThat(charges.get()).isLessThanOrEqualTo(1);
              }
            });
  }

  @Test
  void newKeyIsACanonicalVersion4Uuid() {
    qt().forAll(longs().all())
        .checkAssert(
            seed -> {
              String key = ExactlyOnce.newKey(new SplittableRandom(seed));
              UUID uuid = UUID.fromString(key);
              assertThat(uuid.toString()).isEqualTo(key);
              assertThat(uuid.version()).isEqualTo(4);
              assertThat(uuid.variant()).isEqualTo(2);
            });
  }

  @Test
  void badArgumentsAreNamed() {
    Retry retry = Retry.of(RetryPolicy.defaults());
    assertThatThrownBy(() -> ExactlyOnce.call(null, "k", k -> 1)).hasMessage("retry");
    assertThatThrownBy(() -> ExactlyOnce.call(retry, null, k -> 1)).hasMessage("idempotencyKey");
    assertThatThrownBy(() -> ExactlyOnce.call(retry, "k", null)).hasMessage("call");
    assertThatThrownBy(() -> ExactlyOnce.call(retry, "", k -> 1))
        .hasMessage("idempotencyKey must not be empty, got \"\"");
    assertThatThrownBy(() -> ExactlyOnce.newKey(null)).hasMessage("random");
  }
}
