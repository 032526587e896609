package dev.blocks.delivery.log;

/**
 * What happened to an offset commit, plain or inside a transaction.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public enum CommitResult {
  /** Committed (or, inside a transaction, staged until the transaction commits). */
  COMMITTED,
  /** The group rebalanced since the member's generation: rejoin, and drop the batch. */
  STALE_GENERATION,
  /** The member is not (any longer) in the group: it was presumed dead. */
  UNKNOWN_MEMBER,
  /** The transactional producer was fenced by a newer epoch. */
  PRODUCER_FENCED
}
