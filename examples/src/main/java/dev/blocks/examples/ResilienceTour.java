package dev.blocks.examples;

import dev.blocks.core.idempotency.ExactlyOnce;
import dev.blocks.core.idempotency.IdempotencyKey;
import dev.blocks.core.idempotency.IdempotencyKeyMismatchException;
import dev.blocks.core.idempotency.IdempotentExecutor;
import dev.blocks.core.idempotency.InMemoryIdempotencyStore;
import dev.blocks.core.ratelimit.TokenBucket;
import dev.blocks.core.retry.Backoff;
import dev.blocks.core.retry.Retry;
import dev.blocks.core.retry.RetryEvent;
import dev.blocks.core.retry.RetryPolicy;
import dev.blocks.core.retry.Sleeper;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** Tour section for blocks-core's resilience blocks: retry, idempotency, rate limiting. */
final class ResilienceTour implements TourSection {

  /** Fake time: sleeping only moves the clock, so the tour shows real delays instantly. */
  private static final class FakeClock implements LongSupplier, Sleeper {
    private long now;

    @Override
    public long getAsLong() {
      return now;
    }

    @Override
    public void sleep(long nanos) {
      now += nanos;
    }
  }

  @Override
  public String title() {
    return "core: retry, idempotency, rate limiting";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    flakyCall(out);
    idempotentPayment(out);
    rateLimit(out);
  }

  private static void flakyCall(PrintStream out) throws Exception {
    FakeClock clock = new FakeClock();
    Retry retry =
        Retry.builder(
                RetryPolicy.builder()
                    .maxAttempts(6)
                    .maxDuration(Duration.ofSeconds(10))
                    .backoff(
                        Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2))
                            .decorrelatedJitter())
                    .build())
            .ticker(clock)
            .sleeper(clock)
            .random(new SplittableRandom(2026))
            .listener(
                event -> {
                  if (event instanceof RetryEvent.RetryScheduled r) {
                    out.printf(
                        "  attempt %d failed (%s); retry in %d ms%n",
                        r.attempt(),
                        r.cause().map(Throwable::getMessage).orElse("result"),
                        r.delay().toMillis());
                  } else if (event instanceof RetryEvent.Succeeded s) {
                    out.printf(
                        "  attempt %d succeeded after %d ms of (fake) time%n",
                        s.attempt(), s.elapsed().toMillis());
                  }
                })
            .build();
    AtomicInteger calls = new AtomicInteger();
    out.println(
        "A flaky call (fails 4 times) retried with decorrelated jitter,"
            + " min(2 s, random(100 ms, 3 x previous)):");
    String body =
        retry.call(
            () -> {
              if (calls.incrementAndGet() <= 4) {
                throw new IOException("503 Service Unavailable");
              }
              return "200 OK";
            });
    out.println("  result: " + body);
  }

  private static void idempotentPayment(PrintStream out) throws Exception {
    IdempotentExecutor<String> paymentService =
        IdempotentExecutor.of(InMemoryIdempotencyStore.create());
    AtomicInteger charges = new AtomicInteger();
    AtomicInteger attempts = new AtomicInteger();
    FakeClock clock = new FakeClock();
    Retry retry =
        Retry.builder(RetryPolicy.builder().maxAttempts(5).build())
            .ticker(clock)
            .sleeper(clock)
            .random(new SplittableRandom(7))
            .build();
    String key = ExactlyOnce.newKey(new SplittableRandom(42));
    out.println("An idempotent payment of EUR 25.00 with key " + key + ":");
    String receipt =
        ExactlyOnce.call(
            retry,
            key,
            k -> {
              int attempt = attempts.incrementAndGet();
              String r =
                  paymentService.execute(
                      IdempotencyKey.of("shop-7", "alice", k),
                      "charge EUR 25.00",
                      () -> "ch_" + charges.incrementAndGet());
              if (attempt <= 2) {
                out.printf(
                    "  attempt %d: the service answered %s (card charged %d time(s)), but the"
                        + " response was lost%n",
                    attempt, r, charges.get());
                throw new IOException("response lost");
              }
              out.printf("  attempt %d: response %s%n", attempt, r);
              return r;
            });
    String replay =
        paymentService.execute(
            IdempotencyKey.of("shop-7", "alice", key),
            "charge EUR 25.00",
            () -> "ch_" + charges.incrementAndGet());
    out.printf(
        "  receipt %s after %d attempts; a later duplicate replays %s; the card was charged %d"
            + " time(s)%n",
        receipt, attempts.get(), replay, charges.get());
    try {
      paymentService.execute(
          IdempotencyKey.of("shop-7", "alice", key),
          "charge EUR 99.00",
          () -> "ch_" + charges.incrementAndGet());
    } catch (IdempotencyKeyMismatchException e) {
      out.println("  same key, other amount: refused (" + e.getMessage() + ")");
    }
  }

  private static void rateLimit(PrintStream out) {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = TokenBucket.of(5, 10, clock);
    int granted = 0;
    for (int i = 0; i < 15; i++) {
      if (bucket.tryAcquire()) {
        granted++;
      }
    }
    clock.sleep(Duration.ofMillis(600).toNanos());
    boolean afterRefill = bucket.tryAcquire(3);
    long wait = bucket.reserve(2);
    out.printf(
        "Token bucket, 5/s with bursts of 10: %d of 15 instant requests granted; 600 ms later 3"
            + " more granted: %b; a reservation of 2 more must wait %d ms.%n",
        granted, afterRefill, Duration.ofNanos(wait).toMillis());
  }
}
