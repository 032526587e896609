package dev.blocks.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class BackoffProperties {

  /** Base delays with the edges 0 and 1 ns in the mix, up to one hour. */
  private static Gen<Long> bases() {
    return longs().between(0, 3_600_000_000_000L).mix(longs().between(0, 2), 20);
  }

  private static Gen<Long> caps() {
    return longs().between(0, Backoff.MAX_DELAY.toNanos()).mix(longs().between(0, 1000), 30);
  }

  private static Backoff exponential(long base, long extra, double multiplier) {
    long cap = Math.min(Backoff.MAX_DELAY.toNanos(), base + extra);
    return Backoff.exponential(Duration.ofNanos(base), Duration.ofNanos(cap))
        .withMultiplier(multiplier);
  }

  /** The slow, exact model: min(cap, floor(base * multiplier^(n-1))). */
  private static long ceilingModel(long base, long cap, double multiplier, int retry) {
    BigDecimal t = BigDecimal.valueOf(base).multiply(new BigDecimal(multiplier).pow(retry - 1));
    BigDecimal c = BigDecimal.valueOf(cap);
    return t.compareTo(c) >= 0 ? cap : t.longValue();
  }

  @Test
  void noJitterIsMinOfCapAndBaseTimesMultiplierToTheRetryMinusOne() {
    qt().forAll(bases(), caps(), doubles().between(1.0, 10.0), integers().between(1, 80))
        .checkAssert(
            (base, extra, multiplier, retry) -> {
              Backoff b = exponential(base, extra, multiplier);
              long model = ceilingModel(base, b.cap().toNanos(), multiplier, retry);
              long got = b.delayNanos(retry, 0, new SplittableRandom(retry));
              assertThat(got)
                  .isCloseTo(
                      model,
                      org.assertj.core.data.Offset.offset(Math.max(1L, (long) (model * 1e-12))));
              assertThat(got).isBetween(0L, b.cap().toNanos());
            });
  }

  @Test
  void fullJitterStaysInZeroToCeiling() {
    qt().forAll(bases(), caps(), integers().between(1, 80), longs().all())
        .checkAssert(
            (base, extra, retry, seed) -> {
              Backoff b = exponential(base, extra, 2.0).fullJitter();
              long t = ceilingModel(base, b.cap().toNanos(), 2.0, retry);
              assertThat(b.delayNanos(retry, 0, new SplittableRandom(seed))).isBetween(0L, t);
            });
  }

  @Test
  void equalJitterStaysInHalfCeilingToCeiling() {
    qt().forAll(bases(), caps(), integers().between(1, 80), longs().all())
        .checkAssert(
            (base, extra, retry, seed) -> {
              Backoff b = exponential(base, extra, 2.0).equalJitter();
              long t = ceilingModel(base, b.cap().toNanos(), 2.0, retry);
              long d = b.delayNanos(retry, 0, new SplittableRandom(seed));
              assertThat(d).isBetween((t + 1) / 2, t);
            });
  }

  @Test
  void decorrelatedJitterStaysInBaseToThreeTimesPreviousCappedOverAChain() {
    qt().forAll(bases(), caps(), integers().between(1, 60), longs().all())
        .checkAssert(
            (base, extra, retries, seed) -> {
              Backoff b = exponential(base, extra, 2.0).decorrelatedJitter();
              long cap = b.cap().toNanos();
              SplittableRandom random = new SplittableRandom(seed);
              long previous = 0;
              for (int n = 1; n <= retries; n++) {
                long d = b.delayNanos(n, previous, random);
                long prev = previous == 0 ? base : previous;
                assertThat(d).isBetween(Math.min(cap, base), Math.min(cap, 3 * prev));
                previous = d;
              }
            });
  }

  @Test
  void fixedIsAlwaysTheDelay() {
    qt().forAll(bases(), integers().between(1, 1000))
        .checkAssert(
            (delay, retry) ->
                assertThat(
                        Backoff.fixed(Duration.ofNanos(delay))
                            .delayNanos(retry, 0, new SplittableRandom(retry)))
                    .isEqualTo(delay));
  }

  /**
   * Full jitter is uniform on [0, t]: Pearson's chi-square over 20 equal bins with 100,000 draws
   * from a fixed seed stays below 43.82, the 0.999 quantile of chi-square with 19 degrees of
   * freedom. A biased generator (for example rand(0, t/2) + rand(0, t/2)) fails it by far.
   */
  @Test
  void fullJitterIsUniformByChiSquare() {
    int bins = 20;
    int draws = 100_000;
    for (long t : new long[] {19_999L, 1_000_000_000L, 7_777_777_777L}) {
      Backoff b = Backoff.fixed(Duration.ofNanos(t)).fullJitter();
      SplittableRandom random = new SplittableRandom(20_261_130L + t);
      long[] counts = new long[bins];
      for (int i = 0; i < draws; i++) {
        long d = b.delayNanos(1, 0, random);
        counts[(int) (d * bins / (t + 1))]++;
      }
      double expected = draws / (double) bins;
      double chi = 0;
      for (long c : counts) {
        chi += (c - expected) * (c - expected) / expected;
      }
      assertThat(chi).as("chi-square for t=%d, counts %s", t, counts).isLessThan(43.82);
    }
  }

  @Test
  void negativeOrTooLongDurationsAreRejectedWithTheirValue() {
    qt().forAll(longs().between(Long.MIN_VALUE, -1))
        .checkAssert(
            negative -> {
              Duration d = Duration.ofNanos(negative);
              assertThatThrownBy(() -> Backoff.fixed(d))
                  .isInstanceOf(IllegalArgumentException.class)
                  .hasMessageStartingWith("delay must be in [PT0S, ")
                  .hasMessageEndingWith("got " + d);
              assertThatThrownBy(() -> Backoff.exponential(d, Duration.ofSeconds(1)))
                  .hasMessageStartingWith("base must be")
                  .hasMessageEndingWith("got " + d);
              assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, d))
                  .hasMessageStartingWith("cap must be")
                  .hasMessageEndingWith("got " + d);
            });
    assertThatThrownBy(() -> Backoff.fixed(Duration.ofDays(365 * 100)))
        .hasMessageEndingWith("got " + Duration.ofDays(365 * 100));
    assertThatThrownBy(() -> Backoff.fixed(null)).hasMessage("delay");
  }

  @Test
  void capBelowBaseIsRejected() {
    qt().forAll(longs().between(1, 1_000_000_000L), longs().between(1, 1_000_000L))
        .checkAssert(
            (base, less) ->
                assertThatThrownBy(
                        () ->
                            Backoff.exponential(
                                Duration.ofNanos(base),
                                Duration.ofNanos(base - Math.min(base, less))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                        "cap must be >= base ("
                            + Duration.ofNanos(base)
                            + "), got "
                            + Duration.ofNanos(base - Math.min(base, less))));
  }

  @Test
  void badMultiplierOrRetryIsRejectedAndTheBackoffIsUnchanged() {
    Backoff b = Backoff.exponential(Duration.ofMillis(1), Duration.ofSeconds(1));
    qt().forAll(doubles().between(-1e9, 0.999_999))
        .checkAssert(
            m ->
                assertThatThrownBy(() -> b.withMultiplier(m))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("multiplier must be finite and >= 1, got " + m));
    assertThatThrownBy(() -> b.withMultiplier(Double.NaN)).hasMessageEndingWith("got NaN");
    assertThatThrownBy(() -> b.withMultiplier(Double.POSITIVE_INFINITY))
        .hasMessageEndingWith("got Infinity");
    qt().forAll(integers().between(Integer.MIN_VALUE, 0))
        .checkAssert(
            r ->
                assertThatThrownBy(() -> b.delayNanos(r, 0, new SplittableRandom(1)))
                    .hasMessage("retry must be >= 1, got " + r));
    assertThatThrownBy(() -> b.withJitter(null)).hasMessage("jitter");
    assertThat(b.multiplier()).isEqualTo(2.0);
    assertThat(b.jitter()).isEqualTo(Backoff.Jitter.NONE);
    assertThat(b).isEqualTo(Backoff.exponential(Duration.ofMillis(1), Duration.ofSeconds(1)));
  }
}
