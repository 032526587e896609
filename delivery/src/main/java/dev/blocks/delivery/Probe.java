package dev.blocks.delivery;

import dev.blocks.delivery.log.LogRecord;

/**
 * Observes a consumer at the points where faults matter. Fault injection (the simulation in {@code
 * dev.blocks.delivery.sim}) throws from a probe to crash the consumer there, or changes the group
 * to rebalance it mid-batch; production code uses {@link #NONE}.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Probe {

  /** A probe that does nothing. */
  Probe NONE = (stage, record) -> {};

  /** Where the consumer is. */
  enum Stage {
    /** A batch was fetched; {@code record} is its first record. */
    FETCHED,
    /** About to apply {@code record}'s effect. */
    BEFORE_PROCESS,
    /** {@code record}'s effect was applied. */
    AFTER_PROCESS,
    /** About to commit the offset after {@code record}. */
    BEFORE_COMMIT
  }

  /**
   * Called at {@code stage}.
   *
   * @param stage where the consumer is
   * @param record the record concerned
   */
  void at(Stage stage, LogRecord record);
}
