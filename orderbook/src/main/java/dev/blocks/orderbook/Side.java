package dev.blocks.orderbook;

/**
 * The side of an order: a bid to buy or an offer to sell.
 *
 * <p>Prices are {@code long} ticks. A buy crosses (is marketable against) a resting sell when its
 * limit is at or above the sell's price; a sell crosses a resting buy when its limit is at or below
 * the buy's price.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.orderbook.SideSnippets region=crosses}
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public enum Side {
  /** A bid: wants to buy at the limit price or lower. */
  BUY,
  /** An offer: wants to sell at the limit price or higher. */
  SELL;

  /** Returns the side that this side trades against. */
  public Side opposite() {
    return this == BUY ? SELL : BUY;
  }

  /**
   * Returns whether an order of this side with limit {@code limitPrice} may trade against a resting
   * order of the opposite side at {@code restingPrice}.
   *
   * @param limitPrice the incoming order's limit, in ticks
   * @param restingPrice the resting order's price, in ticks
   * @return true if the prices cross (equal prices cross)
   */
  public boolean crosses(long limitPrice, long restingPrice) {
    return this == BUY ? limitPrice >= restingPrice : limitPrice <= restingPrice;
  }

  /**
   * Returns whether {@code a} is a strictly better price than {@code b} for a resting order of this
   * side: higher for bids, lower for offers. Priority in the book follows this order.
   */
  public boolean better(long a, long b) {
    return this == BUY ? a > b : a < b;
  }
}
