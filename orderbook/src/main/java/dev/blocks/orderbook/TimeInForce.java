package dev.blocks.orderbook;

/**
 * How long an order stays active.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public enum TimeInForce {
  /** Good till cancelled: a remainder rests until it fills or is cancelled. */
  GTC,
  /**
   * Good for the day: rests like {@link #GTC} and expires at the session end ({@link
   * MatchingEngine#expireSession()}).
   */
  DAY,
  /** Immediate or cancel: trades what it can on arrival, the remainder is cancelled. */
  IOC,
  /**
   * Fill or kill: trades its whole quantity on arrival or is cancelled leaving the book untouched.
   */
  FOK
}
