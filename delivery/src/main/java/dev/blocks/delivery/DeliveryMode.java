package dev.blocks.delivery;

/**
 * The three message delivery guarantees, as Apache Kafka states them.
 *
 * <p>Which one a consumer gets follows from when it commits its position relative to when it
 * applies a message's effect:
 *
 * <ul>
 *   <li>{@link #AT_MOST_ONCE}: commit, then process. A crash in between loses the message; nothing
 *       is ever applied twice. Fine for metrics.
 *   <li>{@link #AT_LEAST_ONCE}: process, then commit. A crash in between redelivers the message;
 *       nothing acknowledged is lost, but an effect may apply twice unless the sink de-duplicates.
 *   <li>{@link #EXACTLY_ONCE}: the effect and the commit are one atomic step (a transactional sink,
 *       or an idempotent sink keyed by message id). Nothing is lost and nothing applies twice.
 * </ul>
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.delivery.DeliveryModeSnippets region=choose}
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public enum DeliveryMode {
  /** Commit before processing: may lose, never duplicates. */
  AT_MOST_ONCE(true, false),
  /** Process before committing: never loses an acknowledged message, may duplicate. */
  AT_LEAST_ONCE(false, true),
  /** Effect and commit are atomic: never loses, never duplicates. */
  EXACTLY_ONCE(false, false);

  private final boolean mayLose;
  private final boolean mayDuplicate;

  DeliveryMode(boolean mayLose, boolean mayDuplicate) {
    this.mayLose = mayLose;
    this.mayDuplicate = mayDuplicate;
  }

  /**
   * Returns whether a crash can make a delivered message's effect never happen.
   *
   * @return true for at-most-once
   */
  public boolean mayLose() {
    return mayLose;
  }

  /**
   * Returns whether a crash or a redelivery can make a message's effect happen twice.
   *
   * @return true for at-least-once
   */
  public boolean mayDuplicate() {
    return mayDuplicate;
  }

  /**
   * Returns whether the consumer commits its offset before it applies the message's effect.
   *
   * @return true for at-most-once
   */
  public boolean commitsBeforeProcessing() {
    return this == AT_MOST_ONCE;
  }

  /**
   * Returns the cheapest mode that gives at least the requested guarantees.
   *
   * @param tolerateLoss whether losing a message on a crash is acceptable
   * @param tolerateDuplicates whether applying a message's effect twice is acceptable
   * @return the mode
   */
  public static DeliveryMode cheapest(boolean tolerateLoss, boolean tolerateDuplicates) {
    if (tolerateLoss) {
      return AT_MOST_ONCE; // commit-first never duplicates, so it also serves "no duplicates"
    }
    return tolerateDuplicates ? AT_LEAST_ONCE : EXACTLY_ONCE;
  }
}
