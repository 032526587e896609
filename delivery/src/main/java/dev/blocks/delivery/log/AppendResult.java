package dev.blocks.delivery.log;

/**
 * What happened to a sequenced (idempotent) append.
 *
 * <p>Immutable.
 *
 * @param status the outcome
 * @param offset the record's offset when {@link Status#APPENDED}, the original offset when {@link
 *     Status#DUPLICATE} and still known (the last five sequences are remembered), else -1
 * @since 0.1
 */
public record AppendResult(Status status, long offset) {

  /** The outcome of a sequenced append. */
  public enum Status {
    /** Appended now at {@code offset}. */
    APPENDED,
    /** Already appended earlier: acknowledged, not appended twice. */
    DUPLICATE,
    /** The sequence skips numbers: an earlier request is missing; retry in order. */
    OUT_OF_ORDER_SEQUENCE,
    /** A newer epoch of this producer exists: this instance is a zombie and must stop. */
    PRODUCER_FENCED
  }

  /**
   * Returns whether the record is in the log (appended now or before).
   *
   * @return true for appended or duplicate
   */
  public boolean acknowledged() {
    return status == Status.APPENDED || status == Status.DUPLICATE;
  }
}
