package dev.blocks.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class RateLimitProperties {

  /** One grant: when, and how many permits. */
  record Grant(long at, int permits) {}

  @Test
  void tokenBucketGrantsAtMostBurstPlusRateTimesDeltaInAnyWindow() {
    qt().withExamples(300)
        .forAll(
            doubles().between(0.5, 1e7), integers().between(1, 50), longs().all(), longs().all())
        .checkAssert(
            (rate, burst, start, seed) -> {
              AtomicLong now = new AtomicLong(start);
              TokenBucket bucket = TokenBucket.of(rate, burst, now::get);
              SplittableRandom random = new SplittableRandom(seed);
              long meanGap = (long) Math.max(1, 1e9 / rate * random.nextDouble(0.05, 2));
              List<Grant> grants = new ArrayList<>();
              for (int i = 0; i < 150; i++) {
                now.addAndGet(random.nextLong(meanGap * 2 + 1));
                int permits = 1 + random.nextInt(Math.min(burst, 4));
                if (random.nextInt(4) == 0) {
                  long wait = bucket.reserve(permits);
                  grants.add(new Grant(now.get() + wait, permits));
                } else if (bucket.tryAcquire(permits)) {
                  grants.add(new Grant(now.get(), permits));
                }
              }
              grants.sort((a, b) -> Long.compare(a.at() - start, b.at() - start));
              for (int i = 0; i < grants.size(); i++) {
                long total = 0;
                for (int j = i; j < grants.size(); j++) {
                  total += grants.get(j).permits();
                  long delta = grants.get(j).at() - grants.get(i).at();
                  double bound = burst + rate * (delta + 1) / 1e9 + 1e-9 * total;
                  if (total > bound) {
                    throw new AssertionError(
                        total
                            + " permits granted in "
                            + delta
                            + " ns, bound "
                            + bound
                            + ": "
                            + grants);
                  }
                }
              }
            });
  }

  /**
   * With a whole number of nanoseconds per permit there is no rounding, and the bucket must agree
   * exactly with the textbook token bucket kept in nanoseconds of credit: capacity {@code burst *
   * interval}, refilled one per nanosecond, a permit costs {@code interval}.
   */
  @Test
  void tokenBucketMatchesTheTextbookModel() {
    qt().withExamples(300)
        .forAll(
            longs().between(1, 1_000_000_000L),
            integers().between(1, 40),
            lists().of(longs().between(0, Long.MAX_VALUE)).ofSizeBetween(1, 120),
            longs().all())
        .checkAssert(
            (interval, burst, ops, start) -> {
              AtomicLong now = new AtomicLong(start);
              TokenBucket bucket = TokenBucket.of(1e9 / interval, burst, now::get);
              long capacity = burst * interval;
              long credit = capacity;
              for (long op : ops) {
                long dt = (op >>> 8) % (interval * 3 + 1);
                now.addAndGet(dt);
                credit = Math.min(capacity, credit + dt);
                int permits = 1 + (int) ((op >>> 2) % burst);
                if ((op & 3) == 0) {
                  long wait = bucket.reserve(permits);
                  long expected = Math.max(0, permits * interval - credit);
                  credit -= permits * interval;
                  assertThat(wait).isEqualTo(expected);
                } else {
                  boolean expected = credit >= permits * interval;
                  if (expected) {
                    credit -= permits * interval;
                  }
                  assertThat(bucket.tryAcquire(permits)).isEqualTo(expected);
                }
                assertThat(bucket.availablePermits())
                    .isEqualTo(Math.max(0, Math.floorDiv(credit, interval)));
              }
            });
  }

  @Test
  void tokenBucketRefillsToAFullBurstAfterBurstOverRate() {
    qt().forAll(doubles().between(0.001, 1e9), integers().between(1, 1000), longs().all())
        .checkAssert(
            (rate, burst, start) -> {
              AtomicLong now = new AtomicLong(start);
              TokenBucket bucket = TokenBucket.of(rate, burst, now::get);
              assertThat(bucket.tryAcquire(burst)).isTrue();
              assertThat(bucket.tryAcquire(1)).isFalse();
              now.addAndGet((long) Math.ceil(burst * 1e9 / rate) + 1);
              assertThat(bucket.tryAcquire(burst)).isTrue();
            });
  }

  /** The model keeps every grant and recomputes both fixed windows from that history. */
  @Test
  void slidingWindowMatchesTheModelAndNeverExceedsTheLimitInAFixedWindow() {
    qt().withExamples(300)
        .forAll(
            longs().between(1, 100),
            longs().between(1, 1_000_000_000L),
            lists().of(longs().between(0, Long.MAX_VALUE)).ofSizeBetween(1, 150),
            longs().all())
        .checkAssert(
            (limit, window, ops, start) -> {
              AtomicLong now = new AtomicLong(start);
              SlidingWindowCounter counter =
                  SlidingWindowCounter.of(limit, Duration.ofNanos(window), now::get);
              List<Grant> history = new ArrayList<>();
              for (long op : ops) {
                now.addAndGet((op >>> 8) % (window / Math.max(1, limit) * 2 + 2));
                int permits = 1 + (int) ((op & 0xFF) % Math.min(limit, 3));
                long elapsed = now.get() - start;
                long index = Math.floorDiv(elapsed, window);
                long previous = 0;
                long current = 0;
                for (Grant g : history) {
                  long gi = Math.floorDiv(g.at(), window);
                  if (gi == index) {
                    current += g.permits();
                  } else if (gi == index - 1) {
                    previous += g.permits();
                  }
                }
                long inWindow = elapsed - index * window;
                double estimate = previous * ((double) (window - inWindow) / window) + current;
                boolean expected = estimate + permits <= limit;
                assertThat(counter.tryAcquire(permits)).isEqualTo(expected);
                if (expected) {
                  history.add(new Grant(elapsed, permits));
                  assertThat(current + permits).isLessThanOrEqualTo(limit);
                }
              }
            });
  }

  /**
   * With an idle expiry of at least the refill time, forgetting idle buckets is invisible: the
   * registry decides exactly as an unbounded map of buckets would.
   */
  @Test
  void keyedRegistryWithIdleExpiryAtLeastTheRefillTimeMatchesAnUnboundedMap() {
    qt().withExamples(200)
        .forAll(
            integers().between(1, 10),
            longs().between(1_000, 1_000_000_000L),
            lists().of(longs().between(0, Long.MAX_VALUE)).ofSizeBetween(1, 150))
        .checkAssert(
            (burst, interval, ops) -> {
              AtomicLong now = new AtomicLong(0);
              double rate = 1e9 / interval;
              KeyedRateLimiter<Integer> registry =
                  KeyedRateLimiter.<Integer>builder(k -> TokenBucket.of(rate, burst, now::get))
                      .idleExpiry(Duration.ofNanos(burst * interval + 2))
                      .ticker(now::get)
                      .build();
              Map<Integer, TokenBucket> model = new HashMap<>();
              for (long op : ops) {
                now.addAndGet((op >>> 8) % (interval * burst * 3));
                int key = (int) (op & 7);
                TokenBucket b =
                    model.computeIfAbsent(key, k -> TokenBucket.of(rate, burst, now::get));
                assertThat(registry.tryAcquire(key)).isEqualTo(b.tryAcquire());
                assertThat(registry.size()).isLessThanOrEqualTo(8);
              }
            });
  }

  @Test
  void keyedRegistryStaysWithinItsMaximumAndForgetsIdleKeys() {
    AtomicLong now = new AtomicLong(0);
    KeyedRateLimiter<String> registry =
        KeyedRateLimiter.<String>builder(k -> TokenBucket.of(1, 1, now::get))
            .maximumKeys(50)
            .idleExpiry(Duration.ofSeconds(5))
            .ticker(now::get)
            .build();
    for (int i = 0; i < 10_000; i++) {
      registry.tryAcquire("ip-" + i);
      assertThat(registry.size()).isLessThanOrEqualTo(50);
    }
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(registry.size()).isZero();
  }

  /**
   * Rates that {@link TokenBucket#of} must reject, built directly instead of filtered out of {@code
   * doubles().any()}: that filter discards about a quarter of the draws, and QuickTheories gives up
   * on some seeds (it did in CI). {@code doubles().any()} also never draws NaN or an infinity, so
   * those come from a pick list with the edges around (0, 1e9].
   */
  private static Gen<Double> invalidRates() {
    return Generate.oneOf(
        doubles().any().map(r -> r > 0 && r <= 1e9 ? -r : r),
        doubles().between(Math.nextUp(1e9), Double.MAX_VALUE),
        Generate.pick(
            List.of(
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                0.0,
                -0.0,
                -Double.MIN_VALUE,
                Math.nextUp(1e9),
                Double.MAX_VALUE)));
  }

  @Test
  void badInputIsRejectedWithTheParameterAndTheValue() {
    qt().forAll(invalidRates())
        .checkAssert(
            r ->
                assertThatThrownBy(() -> TokenBucket.of(r, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("permitsPerSecond must be in (0, 1e9], got " + r));
    qt().forAll(integers().between(Integer.MIN_VALUE, 0))
        .checkAssert(
            b ->
                assertThatThrownBy(() -> TokenBucket.of(10, b))
                    .hasMessage("burst must be >= 1, got " + b));
    assertThatThrownBy(() -> TokenBucket.of(1e-9, 1000))
        .hasMessageStartingWith("burst / permitsPerSecond must be at most 2^61 ns, got 1000");
    assertThatThrownBy(() -> TokenBucket.of(1, 1, null)).hasMessage("ticker");
    AtomicLong now = new AtomicLong();
    TokenBucket bucket = TokenBucket.of(10, 5, now::get);
    qt().forAll(integers().all().assuming(p -> p < 1 || p > 5))
        .checkAssert(
            p -> {
              assertThatThrownBy(() -> bucket.tryAcquire(p))
                  .hasMessage("permits must be in [1, burst = 5], got " + p);
              assertThatThrownBy(() -> bucket.reserve(p))
                  .hasMessage("permits must be in [1, burst = 5], got " + p);
            });
    assertThat(bucket.availablePermits()).isEqualTo(5);
    qt().forAll(longs().between(Long.MIN_VALUE, 0))
        .checkAssert(
            l ->
                assertThatThrownBy(() -> SlidingWindowCounter.of(l, Duration.ofSeconds(1)))
                    .hasMessage("limit must be >= 1, got " + l));
    assertThatThrownBy(() -> SlidingWindowCounter.of(5, Duration.ofSeconds(-1)))
        .hasMessage("window must be in (PT0S, 365000 days], got PT-1S");
    assertThatThrownBy(() -> SlidingWindowCounter.of(5, null)).hasMessage("window");
    SlidingWindowCounter counter = SlidingWindowCounter.of(5, Duration.ofSeconds(1), now::get);
    assertThatThrownBy(() -> counter.tryAcquire(6))
        .hasMessage("permits must be in [1, limit = 5], got 6");
    assertThat(counter.tryAcquire(5)).isTrue();
    assertThatThrownBy(() -> KeyedRateLimiter.builder(null)).hasMessage("factory");
    KeyedRateLimiter.Builder<String> kb = KeyedRateLimiter.builder(k -> bucket);
    assertThatThrownBy(() -> kb.idleExpiry(Duration.ZERO))
        .hasMessage("idleExpiry must be > PT0S, got PT0S");
    assertThatThrownBy(() -> kb.maximumKeys(0)).hasMessage("maximumKeys must be >= 1, got 0");
    assertThatThrownBy(() -> kb.build().tryAcquire(null)).hasMessage("key");
  }
}
