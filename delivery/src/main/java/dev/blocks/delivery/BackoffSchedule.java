package dev.blocks.delivery;

import dev.blocks.core.retry.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next attempt of a failed message: a function of the attempt number.
 *
 * <p>This is the small piece of a retry policy the consumer needs. {@link #from} adapts
 * blocks-core's {@link Backoff} (fixed or exponential, with any of its jitters); {@link
 * #exponential} is the built-in jitter-free default:
 *
 * {@snippet class=dev.blocks.delivery.CoreAdaptersSnippets region=backoff}
 *
 * <p>Implementations must be thread-safe; {@link #none} and {@link #exponential} are immutable,
 * {@link #from} is thread-safe by synchronizing on its random generator.
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
   * Returns the delay before attempt {@code failedAttempts + 1}, given the delay this schedule
   * returned before the previous attempt of the same message. The consumer calls this method; a
   * schedule whose delay depends on the previous one (decorrelated jitter) overrides it, the others
   * keep the default, which ignores {@code previousNanos}.
   *
   * @param failedAttempts how many attempts have failed so far, at least 1
   * @param previousNanos the previous delay of this message, or 0 before its first retry
   * @return the delay in nanoseconds, at least 0
   */
  default long delayNanos(int failedAttempts, long previousNanos) {
    return delayNanos(failedAttempts);
  }

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

  /**
   * Adapts a blocks-core {@link Backoff}: the delay after {@code failedAttempts} failures is {@code
   * backoff.delayNanos(failedAttempts, previousNanos, random)}, so a schedule and a {@code Backoff}
   * fed the same seeded generator produce the same delays. With {@link Backoff.Jitter#DECORRELATED}
   * the one-argument {@link #delayNanos(int)} has no previous delay and starts from {@code base};
   * the consumer uses the two-argument form per message.
   *
   * @param backoff the core backoff
   * @param random the jitter source (seed it for reproducible delays); calls are synchronized on
   *     it, so it may be shared with code that synchronizes on it too
   * @return the schedule
   * @throws NullPointerException if {@code backoff} or {@code random} is null
   */
  static BackoffSchedule from(Backoff backoff, RandomGenerator random) {
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(random, "random");
    return new BackoffSchedule() {
      @Override
      public long delayNanos(int failedAttempts) {
        return delayNanos(failedAttempts, 0L);
      }

      @Override
      public long delayNanos(int failedAttempts, long previousNanos) {
        if (failedAttempts < 1) {
          throw new IllegalArgumentException("failedAttempts must be >= 1, got " + failedAttempts);
        }
        synchronized (random) {
          return backoff.delayNanos(failedAttempts, previousNanos, random);
        }
      }

      @Override
      public String toString() {
        return "BackoffSchedule.from(" + backoff + ")";
      }
    };
  }
}
