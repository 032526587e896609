package dev.blocks.orderbook;

/**
 * Why a live order, or the remainder of an incoming one, was cancelled.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public enum CancelReason {
  /** A cancel command. */
  REQUESTED,
  /** The unfilled remainder of an IOC or market order. */
  IMMEDIATE_OR_CANCEL,
  /** A fill-or-kill order that could not fill completely; the book was not touched. */
  FILL_OR_KILL,
  /** Self-trade prevention ({@link SelfTradePrevention}). */
  SELF_TRADE
}
