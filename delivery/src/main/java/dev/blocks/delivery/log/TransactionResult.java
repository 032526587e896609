package dev.blocks.delivery.log;

/**
 * How a transaction ended.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public enum TransactionResult {
  /** Every record and offset of the transaction became visible at once. */
  COMMITTED,
  /**
   * Nothing of the transaction became visible: aborted on request, or because a consumer group it
   * committed offsets for rebalanced since.
   */
  ABORTED,
  /** A newer epoch of the producer exists; the new instance aborted or will abort this one. */
  PRODUCER_FENCED
}
