package dev.blocks.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before the next attempt of a failed message: a function of the attempt number.
 *
 * <p>This is the small piece of a retry policy the consumer needs. It is an interface so that the
 * backoff of blocks-core's retry module can be plugged in once it exists; {@link #exponential} is
 * the built-in default.
 *
 * <p>Implementations must be thread-safe; the built-in ones are immutable.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface BackoffSchedule {

  /**
   * Returns the delay before attempt {@code failedAttempts + 1}.
   *
   * @param failedAttempts how many attempts have failed so far, at least 1
   * @return the delay in nanoseconds, at least 0
   */
  long delayNanos(int failedAttempts);

  /**
   * Returns a schedule that retries immediately.
   *
   * @return the schedule
   */
  static BackoffSchedule none() {
    return failed -> 0L;
  }

  /**
   * Returns {@code base * 2^(failedAttempts - 1)}, capped at {@code max} (no jitter: the consumer
   * retries one partition's head message, so there is no herd to spread).
   *
   * @param base the first delay, not negative
   * @param max the largest delay, at least {@code base}
   * @return the schedule
   * @throws IllegalArgumentException if {@code base} is negative or {@code max < base}
   */
  static BackoffSchedule exponential(Duration base, Duration max) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(max, "max");
    if (base.isNegative()) {
      throw new IllegalArgumentException("base must not be negative, got " + base);
    }
    if (max.compareTo(base) < 0) {
      throw new IllegalArgumentException("max must be >= base " + base + ", got " + max);
    }
    long b = base.toNanos();
    long m = max.toNanos();
    return failed -> {
      int shift = Math.max(0, failed - 1);
      if (b == 0) {
        return 0L;
      }
      if (shift >= Long.numberOfLeadingZeros(b) - 1) {
        return m; // b << shift would overflow
      }
      return Math.min(b << shift, m);
    };
  }
}
