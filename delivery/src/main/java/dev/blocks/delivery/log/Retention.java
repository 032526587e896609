package dev.blocks.delivery.log;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a topic keeps its records: by count per partition, by age, or both.
 *
 * <p>Count retention applies on every append; age retention when {@link
 * PartitionedLog#applyRetention()} runs. Records are removed from the start of a partition only,
 * never from the middle, and never inside an open transaction.
 *
 * <p>Immutable.
 *
 * @param maxRecords the most records a partition keeps, at least 1 ({@code Long.MAX_VALUE}: no
 *     limit)
 * @param maxAge the oldest record age kept, positive
 * @since 0.1
 */
public record Retention(long maxRecords, Duration maxAge) {

  private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if a limit is not positive
   */
  public Retention {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be >= 1, got " + maxRecords);
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
    }
  }

  /**
   * Returns the retention that keeps everything.
   *
   * @return the retention
   */
  public static Retention unlimited() {
    return new Retention(Long.MAX_VALUE, FOREVER);
  }

  /**
   * Returns a retention that keeps the newest {@code maxRecords} records of each partition.
   *
   * @param maxRecords the count, at least 1
   * @return the retention
   */
  public static Retention ofRecords(long maxRecords) {
    return new Retention(maxRecords, FOREVER);
  }

  /**
   * Returns a retention that drops records older than {@code maxAge}.
   *
   * @param maxAge the age, positive
   * @return the retention
   */
  public static Retention ofAge(Duration maxAge) {
    return new Retention(Long.MAX_VALUE, maxAge);
  }
}
