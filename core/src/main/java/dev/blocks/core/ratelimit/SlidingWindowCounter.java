package dev.blocks.core.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A sliding-window counter: allows at most {@code limit} permits per window, estimating the permits
 * of the sliding window from the counts of the current and the previous fixed windows, as
 * Cloudflare describes it (Julien Desgats, "How we built rate limiting capable of scaling to
 * millions of domains", 2017):
 *
 * <pre>{@code
 * estimate = previousCount * (window - elapsedInCurrent) / window + currentCount
 * }</pre>
 *
 * <p>A request of {@code n} permits is granted when {@code estimate + n <= limit}. Memory is two
 * counters, however many requests arrive. Fixed windows start when the counter is created. Within
 * any one fixed window at most {@code limit} permits are granted, so at most {@code 2 * limit}
 * within any interval of one window's length; for traffic spread evenly over the previous window
 * the estimate is exact.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.ratelimit.RateLimitSnippets region=window}
 *
 * <p>Thread-safe: every decision holds this object's monitor; allocation-free.
 *
 * @since 0.1
 */
public final class SlidingWindowCounter implements RateLimiter {

  private final long limit;
  private final long windowNanos;
  private final LongSupplier ticker;
  private final long origin;
  private long windowIndex;
  private long currentCount;
  private long previousCount;

  private SlidingWindowCounter(long limit, long windowNanos, LongSupplier ticker) {
    this.limit = limit;
    this.windowNanos = windowNanos;
    this.ticker = ticker;
    this.origin = ticker.getAsLong();
  }

  /**
   * A counter on the system ticker.
   *
   * @throws NullPointerException if {@code window} is null
   * @throws IllegalArgumentException if {@code limit < 1} or {@code window} is not positive
   */
  public static SlidingWindowCounter of(long limit, Duration window) {
    return of(limit, window, System::nanoTime);
  }

  /**
   * A counter on {@code ticker} (nanoseconds).
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code limit < 1} or {@code window} is not positive
   */
  public static SlidingWindowCounter of(long limit, Duration window, LongSupplier ticker) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofDays(365_000)) > 0) {
      throw new IllegalArgumentException("window must be in (PT0S, 365000 days], got " + window);
    }
    Objects.requireNonNull(ticker, "ticker");
    return new SlidingWindowCounter(limit, window.toNanos(), ticker);
  }

  /** The most permits per window. */
  public long limit() {
    return limit;
  }

  /** The window length. */
  public Duration window() {
    return Duration.ofNanos(windowNanos);
  }

  /**
   * Takes {@code permits} if the estimated count of the sliding window leaves room for them.
   *
   * @throws IllegalArgumentException if {@code permits} is not in [1, limit]
   */
  @Override
  public boolean tryAcquire(int permits) {
    if (permits < 1 || permits > limit) {
      throw new IllegalArgumentException(
          "permits must be in [1, limit = " + limit + "], got " + permits);
    }
    long elapsed = ticker.getAsLong() - origin;
    long index = Math.floorDiv(elapsed, windowNanos);
    long inWindow = elapsed - index * windowNanos;
    synchronized (this) {
      if (index > windowIndex) {
        previousCount = index == windowIndex + 1 ? currentCount : 0;
        currentCount = 0;
        windowIndex = index;
      } else if (index < windowIndex) {
        index = windowIndex; // a late reader: count it in the newest window
        inWindow = 0;
      }
      double estimate =
          previousCount * ((double) (windowNanos - inWindow) / windowNanos) + currentCount;
      if (estimate + permits > limit) {
        return false;
      }
      currentCount += permits;
      return true;
    }
  }

  @Override
  public String toString() {
    return "SlidingWindowCounter[limit=" + limit + ", window=" + window() + "]";
  }
}
