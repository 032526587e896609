package dev.blocks.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Exponential backoff without jitter agrees exactly with resilience4j's {@code
 * IntervalFunction.ofExponentialBackoff} for whole multipliers. (resilience4j multiplies the
 * previous interval and truncates it to whole milliseconds at every step, so for fractional
 * multipliers it drifts below {@code base * multiplier^(n-1)}; ours follows the formula.)
 */
class BackoffInteropTest {

  @Test
  void exponentialWithoutJitterMatchesResilience4j() {
    qt().forAll(
            longs().between(1, 10_000),
            longs().between(0, 600_000),
            integers().between(1, 4),
            integers().between(1, 40))
        .checkAssert(
            (baseMillis, extraMillis, multiplier, retry) -> {
              long capMillis = baseMillis + extraMillis;
              IntervalFunction r4j =
                  IntervalFunction.ofExponentialBackoff(
                      Duration.ofMillis(baseMillis), multiplier, Duration.ofMillis(capMillis));
              Backoff ours =
                  Backoff.exponential(Duration.ofMillis(baseMillis), Duration.ofMillis(capMillis))
                      .withMultiplier(multiplier);
              long theirs = r4j.apply(retry);
              assertThat(ours.delayNanos(retry, 0, new SplittableRandom(1)))
                  .isEqualTo(theirs * 1_000_000L);
            });
  }
}
