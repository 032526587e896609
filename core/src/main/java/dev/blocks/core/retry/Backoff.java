package dev.blocks.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before each retry: fixed or exponential (base, multiplier, cap), with one of the
 * jitter variants of Marc Brooker's AWS Architecture Blog article "Exponential Backoff And Jitter"
 * (2015).
 *
 * <p>For the {@code n}-th retry ({@code n = 1} after the first failed attempt) the un-jittered
 * delay is {@code t = min(cap, base * multiplier^(n-1))}; the jitter then picks the delay exactly
 * as published:
 *
 * <ul>
 *   <li>{@link Jitter#NONE}: {@code t};
 *   <li>{@link Jitter#FULL}: {@code random_between(0, t)};
 *   <li>{@link Jitter#EQUAL}: {@code t/2 + random_between(0, t/2)};
 *   <li>{@link Jitter#DECORRELATED}: {@code min(cap, random_between(base, 3 * previous))}, with
 *       {@code previous = base} before the first retry; the multiplier is not used.
 * </ul>
 *
 * <p>{@code random_between(a, b)} is uniform over the whole nanoseconds {@code [a, b]}.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.retry.RetrySnippets region=backoff}
 *
 * <p>Immutable and thread-safe. Computing a delay allocates nothing.
 *
 * @since 0.1
 */
public final class Backoff {

  /** The jitter variants of the AWS article; see {@link Backoff}. */
  public enum Jitter {
    /** No jitter: the exponential (or fixed) delay itself. */
    NONE,
    /** Full jitter: uniform in {@code [0, t]}. */
    FULL,
    /** Equal jitter: {@code t/2} plus uniform in {@code [0, t/2]}. */
    EQUAL,
    /** Decorrelated jitter: {@code min(cap, uniform in [base, 3 * previous])}. */
    DECORRELATED
  }

  /** The longest delay accepted, about 73 years: leaves room for {@code 3 * cap} in a long. */
  public static final Duration MAX_DELAY = Duration.ofNanos(Long.MAX_VALUE / 4);

  private static final Backoff NONE = new Backoff(0, 0, 1.0, Jitter.NONE);

  private final long baseNanos;
  private final long capNanos;
  private final double multiplier;
  private final Jitter jitter;

  private Backoff(long baseNanos, long capNanos, double multiplier, Jitter jitter) {
    this.baseNanos = baseNanos;
    this.capNanos = capNanos;
    this.multiplier = multiplier;
    this.jitter = jitter;
  }

  /** No wait at all between attempts. */
  public static Backoff none() {
    return NONE;
  }

  /**
   * The same delay before every retry (jitter may be added with {@link #withJitter}).
   *
   * @throws NullPointerException if {@code delay} is null
   * @throws IllegalArgumentException if {@code delay} is negative or above {@link #MAX_DELAY}
   */
  public static Backoff fixed(Duration delay) {
    long d = nanos("delay", delay);
    return new Backoff(d, d, 1.0, Jitter.NONE);
  }

  /**
   * Exponential backoff {@code min(cap, base * 2^(n-1))} without jitter; add jitter with {@link
   * #fullJitter()}, {@link #equalJitter()} or {@link #decorrelatedJitter()}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code base} is negative, {@code cap < base}, or {@code
   *     cap} is above {@link #MAX_DELAY}
   */
  public static Backoff exponential(Duration base, Duration cap) {
    long b = nanos("base", base);
    long c = nanos("cap", cap);
    if (c < b) {
      throw new IllegalArgumentException("cap must be >= base (" + base + "), got " + cap);
    }
    return new Backoff(b, c, 2.0, Jitter.NONE);
  }

  private static long nanos(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException(name + " must be in [PT0S, " + MAX_DELAY + "], got " + d);
    }
    return d.toNanos();
  }

  /**
   * A copy with another growth factor (2 by default for {@link #exponential}).
   *
   * @throws IllegalArgumentException if {@code multiplier} is not finite or below 1
   */
  public Backoff withMultiplier(double multiplier) {
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be finite and >= 1, got " + multiplier);
    }
    return new Backoff(baseNanos, capNanos, multiplier, jitter);
  }

  /**
   * A copy with the given jitter.
   *
   * @throws NullPointerException if {@code jitter} is null
   */
  public Backoff withJitter(Jitter jitter) {
    return new Backoff(baseNanos, capNanos, multiplier, Objects.requireNonNull(jitter, "jitter"));
  }

  /** A copy with {@link Jitter#FULL} jitter. */
  public Backoff fullJitter() {
    return withJitter(Jitter.FULL);
  }

  /** A copy with {@link Jitter#EQUAL} jitter. */
  public Backoff equalJitter() {
    return withJitter(Jitter.EQUAL);
  }

  /** A copy with {@link Jitter#DECORRELATED} jitter. */
  public Backoff decorrelatedJitter() {
    return withJitter(Jitter.DECORRELATED);
  }

  /** The first (un-jittered) delay. */
  public Duration base() {
    return Duration.ofNanos(baseNanos);
  }

  /** The longest delay this backoff ever returns. */
  public Duration cap() {
    return Duration.ofNanos(capNanos);
  }

  /** The growth factor of the exponential delay. */
  public double multiplier() {
    return multiplier;
  }

  /** The jitter variant. */
  public Jitter jitter() {
    return jitter;
  }

  /**
   * The un-jittered delay {@code t = min(cap, base * multiplier^(retry-1))} of the {@code retry}-th
   * retry, in nanoseconds.
   *
   * @throws IllegalArgumentException if {@code retry < 1}
   */
  public long ceilingNanos(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be >= 1, got " + retry);
    }
    if (multiplier == 1.0 || baseNanos == 0) {
      return Math.min(baseNanos, capNanos);
    }
    double t = baseNanos * Math.pow(multiplier, retry - 1);
    return t >= capNanos ? capNanos : (long) t;
  }

  /**
   * The delay before the {@code retry}-th retry, in nanoseconds, always in {@code [0, cap]}.
   *
   * @param retry 1 for the first retry (after the first failed attempt), 2 for the second, ...
   * @param previousNanos the delay returned for the previous retry (used by {@link
   *     Jitter#DECORRELATED} only; anything {@code <= 0} means "none yet", that is {@code base})
   * @param random the source of jitter
   * @throws IllegalArgumentException if {@code retry < 1}
   */
  public long delayNanos(int retry, long previousNanos, RandomGenerator random) {
    switch (jitter) {
      case NONE:
        return ceilingNanos(retry);
      case FULL:
        return between(random, 0, ceilingNanos(retry));
      case EQUAL:
        {
          long t = ceilingNanos(retry);
          long half = t / 2;
          return t - half + between(random, 0, half);
        }
      default:
        {
          if (retry < 1) {
            throw new IllegalArgumentException("retry must be >= 1, got " + retry);
          }
          long previous = previousNanos <= 0 ? baseNanos : Math.min(previousNanos, capNanos);
          return Math.min(capNanos, between(random, baseNanos, 3 * previous));
        }
    }
  }

  /** Uniform over {@code [low, high]}; {@code low} if {@code high <= low}. */
  private static long between(RandomGenerator random, long low, long high) {
    return high <= low ? low : low + random.nextLong(high - low + 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Backoff b
        && b.baseNanos == baseNanos
        && b.capNanos == capNanos
        && Double.compare(b.multiplier, multiplier) == 0
        && b.jitter == jitter;
  }

  @Override
  public int hashCode() {
    return Objects.hash(baseNanos, capNanos, multiplier, jitter);
  }

  @Override
  public String toString() {
    return "Backoff[base="
        + base()
        + ", cap="
        + cap()
        + ", multiplier="
        + multiplier
        + ", jitter="
        + jitter
        + "]";
  }
}
