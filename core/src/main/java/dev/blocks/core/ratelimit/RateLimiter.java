package dev.blocks.core.ratelimit;

/**
 * Decides, without blocking, whether a request may go ahead now.
 *
 * <p>Implementations in this package are thread-safe and read time from an injected nanosecond
 * ticker.
 *
 * @since 0.1
 */
public interface RateLimiter {

  /**
   * Takes {@code permits} if the limit allows them now; takes nothing otherwise.
   *
   * @return whether the permits were granted
   * @throws IllegalArgumentException if {@code permits} is below 1 or more than the limiter can
   *     ever grant at once
   */
  boolean tryAcquire(int permits);

  /** Takes one permit if the limit allows it now. */
  default boolean tryAcquire() {
    return tryAcquire(1);
  }
}
