package dev.blocks.orderbook;

import java.util.Objects;

/**
 * A reusable, mutable description of a new order, read by {@link MatchingEngine#submit}.
 *
 * <p>Reuse one instance per thread to submit orders without allocating: the engine copies what it
 * needs, so the request may be changed as soon as {@code submit} returns. {@link #clear()} resets
 * every field to its default: a GTC limit order of owner 0 with no display quantity, no stop price,
 * not post-only, and {@link SelfTradePrevention#NONE}.
 *
 * <p>The request does not validate values; the engine rejects bad ones with a {@link RejectReason}.
 *
 * {@snippet class=dev.blocks.orderbook.MatchingEngineSnippets region=request}
 *
 * <p>Not thread-safe; confine each instance to one thread.
 *
 * @since 0.1
 */
public final class OrderRequest {
  long orderId;
  long owner;
  Side side = Side.BUY;
  OrderType type = OrderType.LIMIT;
  TimeInForce timeInForce = TimeInForce.GTC;
  long price;
  long quantity;
  long stopPrice;
  long displayQuantity;
  boolean postOnly;
  SelfTradePrevention selfTrade = SelfTradePrevention.NONE;

  /** Creates a request holding the defaults of {@link #clear()}. */
  public OrderRequest() {}

  /** Resets every field to its default and returns this request. */
  public OrderRequest clear() {
    orderId = 0;
    owner = 0;
    side = Side.BUY;
    type = OrderType.LIMIT;
    timeInForce = TimeInForce.GTC;
    price = 0;
    quantity = 0;
    stopPrice = 0;
    displayQuantity = 0;
    postOnly = false;
    selfTrade = SelfTradePrevention.NONE;
    return this;
  }

  /** Sets the order id, unique among live orders. */
  public OrderRequest orderId(long orderId) {
    this.orderId = orderId;
    return this;
  }

  /** Sets the owner (account) used by self-trade prevention. */
  public OrderRequest owner(long owner) {
    this.owner = owner;
    return this;
  }

  /**
   * Sets the side.
   *
   * @throws NullPointerException if {@code side} is null
   */
  public OrderRequest side(Side side) {
    this.side = Objects.requireNonNull(side, "side");
    return this;
  }

  /** Makes this a limit order at {@code price} ticks (keeps the time in force). */
  public OrderRequest limit(long price) {
    this.type = OrderType.LIMIT;
    this.price = price;
    return this;
  }

  /** Makes this an IOC market order capped at {@code protectionPrice} ticks. */
  public OrderRequest market(long protectionPrice) {
    this.type = OrderType.MARKET;
    this.price = protectionPrice;
    this.timeInForce = TimeInForce.IOC;
    return this;
  }

  /**
   * Makes this a stop order: at {@code stopPrice} it becomes a market order capped at {@code cap}.
   */
  public OrderRequest stop(long stopPrice, long cap) {
    this.type = OrderType.STOP;
    this.stopPrice = stopPrice;
    this.price = cap;
    this.timeInForce = TimeInForce.IOC;
    return this;
  }

  /**
   * Makes this a stop-limit order: at {@code stopPrice} it becomes a limit order at {@code price}.
   */
  public OrderRequest stopLimit(long stopPrice, long price) {
    this.type = OrderType.STOP_LIMIT;
    this.stopPrice = stopPrice;
    this.price = price;
    return this;
  }

  /** Sets the quantity in lots. */
  public OrderRequest quantity(long quantity) {
    this.quantity = quantity;
    return this;
  }

  /**
   * Sets the time in force.
   *
   * @throws NullPointerException if {@code timeInForce} is null
   */
  public OrderRequest timeInForce(TimeInForce timeInForce) {
    this.timeInForce = Objects.requireNonNull(timeInForce, "timeInForce");
    return this;
  }

  /**
   * Makes a resting order an iceberg that shows at most {@code displayQuantity} lots; 0 (the
   * default) shows everything.
   */
  public OrderRequest displayQuantity(long displayQuantity) {
    this.displayQuantity = displayQuantity;
    return this;
  }

  /**
   * Makes this a post-only order: rejected with {@link RejectReason#WOULD_TAKE} if it would trade.
   */
  public OrderRequest postOnly(boolean postOnly) {
    this.postOnly = postOnly;
    return this;
  }

  /**
   * Sets the self-trade prevention mode used when this order is the taker.
   *
   * @throws NullPointerException if {@code mode} is null
   */
  public OrderRequest selfTradePrevention(SelfTradePrevention mode) {
    this.selfTrade = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /** Returns the order id. */
  public long orderId() {
    return orderId;
  }

  /** Returns the owner. */
  public long owner() {
    return owner;
  }

  /** Returns the side. */
  public Side side() {
    return side;
  }

  /** Returns the order type. */
  public OrderType type() {
    return type;
  }

  /** Returns the time in force. */
  public TimeInForce timeInForce() {
    return timeInForce;
  }

  /** Returns the limit price or protection cap. */
  public long price() {
    return price;
  }

  /** Returns the quantity. */
  public long quantity() {
    return quantity;
  }

  /** Returns the stop price (stop and stop-limit orders). */
  public long stopPrice() {
    return stopPrice;
  }

  /** Returns the display quantity (0: not an iceberg). */
  public long displayQuantity() {
    return displayQuantity;
  }

  /** Returns whether the order is post-only. */
  public boolean postOnly() {
    return postOnly;
  }

  /** Returns the self-trade prevention mode. */
  public SelfTradePrevention selfTradePrevention() {
    return selfTrade;
  }

  @Override
  public String toString() {
    return "OrderRequest[id="
        + orderId
        + ", owner="
        + owner
        + ", "
        + side
        + " "
        + type
        + " "
        + timeInForce
        + ", price="
        + price
        + ", qty="
        + quantity
        + ", stop="
        + stopPrice
        + ", display="
        + displayQuantity
        + ", postOnly="
        + postOnly
        + ", stp="
        + selfTrade
        + "]";
  }
}
