package dev.blocks.delivery.sim;

import dev.blocks.delivery.DeliveryMode;

/**
 * What one simulation run delivered.
 *
 * <p>Immutable.
 *
 * @param mode the delivery mode
 * @param sent messages the application sent at least once
 * @param acknowledged messages whose append the producer saw acknowledged
 * @param appliedOnce messages whose effect happened exactly once
 * @param lost acknowledged messages whose effect never happened (and that were not dead-lettered)
 * @param duplicated messages whose effect happened more than once
 * @param outOfOrder messages first applied after a later message of the same partition
 * @param deadLettered distinct messages in the dead-letter topic
 * @param deadLetterDuplicates dead-letter records beyond the first per message
 * @param poisonAcknowledged acknowledged poison messages (each should be dead-lettered)
 * @param steps simulation steps taken
 * @param traceHash a 64-bit hash of every event, equal for equal runs
 * @since 0.1
 */
public record SimReport(
    DeliveryMode mode,
    int sent,
    int acknowledged,
    int appliedOnce,
    int lost,
    int duplicated,
    int outOfOrder,
    int deadLettered,
    int deadLetterDuplicates,
    int poisonAcknowledged,
    int steps,
    long traceHash) {

  /**
   * Returns the guarantee violations of this run for its mode, or an empty string: at-most-once
   * must not duplicate; at-least-once must not lose; exactly-once must neither lose nor duplicate
   * nor reorder a partition; every mode dead-letters a message at most once, and the two stronger
   * modes dead-letter every acknowledged poison message.
   *
   * @return a description of what was violated, empty if nothing
   */
  public String violations() {
    StringBuilder v = new StringBuilder();
    if (mode != DeliveryMode.AT_LEAST_ONCE && duplicated > 0) {
      v.append("duplicated=").append(duplicated).append(' ');
    }
    if (mode != DeliveryMode.AT_MOST_ONCE && lost > 0) {
      v.append("lost=").append(lost).append(' ');
    }
    if (mode == DeliveryMode.EXACTLY_ONCE && outOfOrder > 0) {
      v.append("outOfOrder=").append(outOfOrder).append(' ');
    }
    if (deadLetterDuplicates > 0) {
      v.append("deadLetterDuplicates=").append(deadLetterDuplicates).append(' ');
    }
    if (mode != DeliveryMode.AT_MOST_ONCE && deadLettered < poisonAcknowledged) {
      v.append("poisonNotDeadLettered=").append(poisonAcknowledged - deadLettered).append(' ');
    }
    return v.toString().trim();
  }
}
