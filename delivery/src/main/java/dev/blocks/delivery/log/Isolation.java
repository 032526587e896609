package dev.blocks.delivery.log;

/**
 * Which transactional records a read may return, as Kafka's {@code isolation.level}.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public enum Isolation {
  /** Every record up to the end of the log, including open and aborted transactions. */
  READ_UNCOMMITTED,
  /**
   * Only records below the last stable offset, never those of aborted transactions: a reader never
   * sees an open or aborted transaction.
   */
  READ_COMMITTED
}
