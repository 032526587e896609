package dev.blocks.orderbook;

/**
 * What happens when an incoming order would trade with a resting order of the same owner.
 *
 * <p>The incoming (taker) order's mode decides. Resting orders of other owners that are ahead in
 * price-time priority still trade first; the mode applies only when matching reaches an order of
 * the same owner.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public enum SelfTradePrevention {
  /** Self trades are allowed and print like any other trade. */
  NONE,
  /** The incoming order's remainder is cancelled; the resting order stays. */
  CANCEL_NEWEST,
  /** The resting order is cancelled and matching continues with the next resting order. */
  CANCEL_OLDEST,
  /** Both the resting order and the incoming order's remainder are cancelled. */
  CANCEL_BOTH,
  /**
   * Both orders are reduced by the quantity that would have traded, without a trade; an order
   * reduced to zero leaves the book. Reported by {@link OrderBookListener#onSelfTradePrevented}.
   */
  DECREMENT
}
