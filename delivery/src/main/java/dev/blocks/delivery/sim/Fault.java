package dev.blocks.delivery.sim;

import java.util.Objects;

/**
 * One injected fault: what goes wrong, at which simulation step it is armed, and whom it targets.
 *
 * <p>A fault is armed at {@code step} and fires at the next matching event: the next produce
 * request or acknowledgement for network and producer faults, the next matching point of consumer
 * {@code target % consumers} for consumer faults. {@link Kind#POISON_MESSAGE} marks message {@code
 * target % messages} as one whose handler always fails.
 *
 * <p>Immutable.
 *
 * @param step the step at which the fault is armed, at least 0
 * @param kind what goes wrong
 * @param target which consumer or message it concerns, at least 0
 * @since 0.1
 */
public record Fault(int step, Kind kind, int target) {

  /** The faults the simulation can inject. */
  public enum Kind {
    /** A consumer crashes after fetching, before applying a message. */
    CRASH_BEFORE_PROCESSING,
    /** A consumer crashes after applying a message, before committing its offset. */
    CRASH_AFTER_PROCESSING,
    /** The log appends a produce request but its acknowledgement is lost. */
    LOST_ACK,
    /** The network delivers a produce request twice. */
    DUPLICATE_REDELIVERY,
    /** With several requests in flight, the network delivers them out of order. */
    REORDER,
    /** The acknowledgement of an append arrives after the producer timed out and resent. */
    PRODUCER_TIMEOUT_AFTER_APPEND,
    /** The producer process restarts, keeping only what it stored durably. */
    PRODUCER_RESTART,
    /** A member joins or leaves the group while a consumer is in the middle of a batch. */
    REBALANCE_MID_BATCH,
    /** A slow consumer is presumed dead and removed from the group, but keeps working. */
    ZOMBIE_CONSUMER,
    /** A message whose handler always throws. */
    POISON_MESSAGE
  }

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if {@code step} or {@code target} is negative
   */
  public Fault {
    Objects.requireNonNull(kind, "kind");
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
    if (target < 0) {
      throw new IllegalArgumentException("target must be >= 0, got " + target);
    }
  }

  @Override
  public String toString() {
    return kind + "@" + step + "/" + target;
  }
}
