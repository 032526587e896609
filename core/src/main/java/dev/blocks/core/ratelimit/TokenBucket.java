package dev.blocks.core.ratelimit;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket: holds up to {@code burst} permits and refills at {@code permitsPerSecond}; a
 * request takes permits if enough are there ({@link #tryAcquire(int)}) or reserves them and is told
 * how long to wait ({@link #reserve(int)}).
 *
 * <p>It is implemented as the equivalent Generic Cell Rate Algorithm (ITU-T I.371; ATM Forum
 * Traffic Management 4.0): the whole state is one "theoretical arrival time" in a single {@code
 * long}, so a decision is one compare-and-set and allocates nothing. The bucket starts full.
 *
 * <p>Guarantee: over any interval of {@code Δ} nanoseconds, the permits granted (by {@code
 * tryAcquire}, and by reservations whose wait ends in the interval) are at most {@code burst +
 * permitsPerSecond * (Δ + 1 ns) / 1e9}; the one nanosecond covers the rounding of each permit's
 * cost up to whole nanoseconds.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.ratelimit.RateLimitSnippets region=bucket}
 *
 * <p>Thread-safe: lock-free, one {@link AtomicLong}.
 *
 * @since 0.1
 */
public final class TokenBucket implements RateLimiter {

  /** The highest rate accepted: one permit per nanosecond. */
  public static final double MAX_RATE = 1e9;

  private final double permitsPerSecond;
  private final int burst;
  private final double intervalNanos;
  private final long toleranceNanos;
  private final LongSupplier ticker;
  private final AtomicLong theoreticalArrival;

  private TokenBucket(double permitsPerSecond, int burst, LongSupplier ticker) {
    this.permitsPerSecond = permitsPerSecond;
    this.burst = burst;
    this.intervalNanos = 1e9 / permitsPerSecond;
    this.toleranceNanos = cost(burst);
    this.ticker = ticker;
    this.theoreticalArrival = new AtomicLong(ticker.getAsLong());
  }

  /**
   * A full bucket on the system ticker.
   *
   * @throws IllegalArgumentException if {@code permitsPerSecond} is not in (0, {@link #MAX_RATE}]
   *     or {@code burst < 1}, or {@code burst / permitsPerSecond} is longer than about 100 years
   */
  public static TokenBucket of(double permitsPerSecond, int burst) {
    return of(permitsPerSecond, burst, System::nanoTime);
  }

  /**
   * A full bucket on {@code ticker} (nanoseconds).
   *
   * @throws NullPointerException if {@code ticker} is null
   * @throws IllegalArgumentException if {@code permitsPerSecond} is not in (0, {@link #MAX_RATE}]
   *     or {@code burst < 1}, or {@code burst / permitsPerSecond} is longer than about 100 years
   */
  public static TokenBucket of(double permitsPerSecond, int burst, LongSupplier ticker) {
    if (!(permitsPerSecond > 0) || permitsPerSecond > MAX_RATE) {
      throw new IllegalArgumentException(
          "permitsPerSecond must be in (0, 1e9], got " + permitsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1, got " + burst);
    }
    if (burst * (1e9 / permitsPerSecond) > 0x1p61) {
      throw new IllegalArgumentException(
          "burst / permitsPerSecond must be at most 2^61 ns, got "
              + burst
              + " / "
              + permitsPerSecond);
    }
    Objects.requireNonNull(ticker, "ticker");
    return new TokenBucket(permitsPerSecond, burst, ticker);
  }

  /** The refill rate. */
  public double permitsPerSecond() {
    return permitsPerSecond;
  }

  /** The capacity: the most permits granted at once. */
  public int burst() {
    return burst;
  }

  /**
   * {@code permits * interval} rounded up to whole nanoseconds; a relative 2^-40 is taken off first
   * so that the error of {@code 1e9 / rate} does not round a whole number of nanoseconds up.
   */
  private long cost(long permits) {
    double x = permits * intervalNanos;
    return (long) Math.ceil(x - x * 0x1p-40);
  }

  /** Validates {@code permits} against the burst and returns their cost in nanoseconds. */
  private long checkedCost(int permits) {
    if (permits < 1 || permits > burst) {
      throw new IllegalArgumentException(
          "permits must be in [1, burst = " + burst + "], got " + permits);
    }
    return cost(permits);
  }

  /**
   * Takes {@code permits} if the bucket holds them now.
   *
   * @throws IllegalArgumentException if {@code permits} is not in [1, burst]
   */
  @Override
  public boolean tryAcquire(int permits) {
    long cost = checkedCost(permits);
    while (true) {
      long now = ticker.getAsLong();
      long tat = theoreticalArrival.get();
      long from = tat - now > 0 ? tat : now;
      long next = from + cost;
      if (next - now > toleranceNanos) {
        return false;
      }
      if (theoreticalArrival.compareAndSet(tat, next)) {
        return true;
      }
    }
  }

  /**
   * Takes {@code permits} now, going into debt if needed, and returns how long the caller must wait
   * before using them; later callers wait behind this reservation.
   *
   * @return nanoseconds to wait, 0 if the permits are available now
   * @throws IllegalArgumentException if {@code permits} is not in [1, burst]
   */
  public long reserve(int permits) {
    long cost = checkedCost(permits);
    while (true) {
      long now = ticker.getAsLong();
      long tat = theoreticalArrival.get();
      long from = tat - now > 0 ? tat : now;
      long next = from + cost;
      if (theoreticalArrival.compareAndSet(tat, next)) {
        long wait = next - now - toleranceNanos;
        return wait > 0 ? wait : 0;
      }
    }
  }

  /** The whole permits in the bucket now (zero while reservations are in debt). */
  public long availablePermits() {
    long now = ticker.getAsLong();
    long tat = theoreticalArrival.get();
    long used = tat - now > 0 ? tat - now : 0;
    long free = toleranceNanos - used;
    return free <= 0 ? 0 : Math.min(burst, (long) Math.floor(free / intervalNanos * (1 + 0x1p-40)));
  }

  @Override
  public String toString() {
    return "TokenBucket[permitsPerSecond=" + permitsPerSecond + ", burst=" + burst + "]";
  }
}
