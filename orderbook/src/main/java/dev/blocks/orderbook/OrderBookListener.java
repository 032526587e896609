package dev.blocks.orderbook;

/**
 * Receives the events of a {@link MatchingEngine} as primitive callbacks, so that delivering an
 * event allocates nothing.
 *
 * <p>Every method has an empty default, so an implementation overrides only what it needs. The
 * engine calls the listener synchronously on the thread that submitted the command, in the order
 * the events happen. For a new order the order is: {@link #onAccepted} (or {@link #onRejected}),
 * then its trades, then possibly {@link #onCancelled} for an unfilled remainder of an IOC, FOK or
 * market order; an order that rests produces no further event. Level callbacks ({@link
 * #onLevelChanged}) follow each change to a price level's displayed quantity.
 *
 * <p>The engine looks once, when it is built, at which callbacks the listener's class overrides,
 * and does not make the calls that would reach an empty default: a listener receives exactly the
 * events it would receive otherwise, and one that overrides only {@code onTrade} costs the engine
 * one call per trade and none per order or level change.
 *
 * <p>A listener must not call back into the engine.
 *
 * <p>Implementations decide their own thread safety; the engine calls them from one thread.
 *
 * @since 0.1
 */
public interface OrderBookListener {

  /** A listener that ignores every event. */
  OrderBookListener NONE = new OrderBookListener() {};

  /**
   * Returns a listener that passes every event to each of {@code listeners} in order, without
   * allocating per event.
   *
   * @throws NullPointerException if {@code listeners} or one of them is null
   */
  static OrderBookListener fanOut(OrderBookListener... listeners) {
    return new FanOut(listeners);
  }

  /**
   * A new order passed validation and is about to match (or, for a stop order, to wait).
   *
   * @param orderId the order's id
   * @param owner the owner (account) of the order
   * @param side buy or sell
   * @param price the limit price, or the protection cap of a market or stop order, in ticks
   * @param quantity the order's quantity, in lots
   */
  default void onAccepted(long orderId, long owner, Side side, long price, long quantity) {}

  /**
   * A command (new, cancel or modify) was rejected and changed nothing.
   *
   * @param orderId the id the command named
   * @param reason why
   */
  default void onRejected(long orderId, RejectReason reason) {}

  /**
   * A trade between a resting (maker) order and an incoming (taker) order. The price is always the
   * maker's price.
   *
   * @param makerOrderId the resting order
   * @param takerOrderId the incoming order
   * @param takerSide the taker's side (the aggressor side)
   * @param price the trade price, in ticks
   * @param quantity the traded quantity, in lots
   */
  default void onTrade(
      long makerOrderId, long takerOrderId, Side takerSide, long price, long quantity) {}

  /**
   * A trade, with the owners of both orders; this is the form the engine calls. The default
   * forwards to {@link #onTrade(long, long, Side, long, long)}, so a listener that does not need
   * the owners overrides that one instead.
   *
   * @param makerOrderId the resting order
   * @param makerOwner the resting order's owner (account)
   * @param takerOrderId the incoming order
   * @param takerOwner the incoming order's owner (account)
   * @param takerSide the taker's side (the aggressor side)
   * @param price the trade price, in ticks
   * @param quantity the traded quantity, in lots
   */
  default void onTrade(
      long makerOrderId,
      long makerOwner,
      long takerOrderId,
      long takerOwner,
      Side takerSide,
      long price,
      long quantity) {
    onTrade(makerOrderId, takerOrderId, takerSide, price, quantity);
  }

  /**
   * An order, or the unfilled remainder of an incoming order, was cancelled.
   *
   * @param orderId the order
   * @param remainingQuantity the quantity that was cancelled (including hidden iceberg quantity)
   * @param reason why
   */
  default void onCancelled(long orderId, long remainingQuantity, CancelReason reason) {}

  /**
   * A modify command changed a resting order's price and/or quantity. If the new price crosses the
   * book, trades follow with this order as the taker.
   *
   * @param orderId the order
   * @param price the new price
   * @param quantity the new remaining quantity
   */
  default void onReplaced(long orderId, long price, long quantity) {}

  /**
   * A DAY order expired at the session end.
   *
   * @param orderId the order
   * @param remainingQuantity its remaining quantity
   */
  default void onExpired(long orderId, long remainingQuantity) {}

  /**
   * A stop or stop-limit order was triggered by the last trade price and is now matched as a market
   * or limit order (with no second {@link #onAccepted}).
   *
   * @param orderId the order
   * @param lastTradePrice the last trade price that triggered it
   */
  default void onTriggered(long orderId, long lastTradePrice) {}

  /**
   * Self-trade prevention in {@link SelfTradePrevention#DECREMENT} mode reduced both orders by
   * {@code quantity} instead of trading.
   *
   * @param makerOrderId the resting order
   * @param takerOrderId the incoming order
   * @param quantity the quantity removed from each of them
   */
  default void onSelfTradePrevented(long makerOrderId, long takerOrderId, long quantity) {}

  /**
   * The displayed quantity at a price level changed (an incremental level-2 update). Zero means the
   * level is gone. Hidden iceberg quantity is never included.
   *
   * @param side the side of the level
   * @param price the level's price
   * @param displayedQuantity the total displayed quantity now at that price
   */
  default void onLevelChanged(Side side, long price, long displayedQuantity) {}
}
