package dev.blocks.orderbook;

/**
 * Why a command was rejected. A rejected command leaves the book exactly as it was.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public enum RejectReason {
  /** A live order (resting or a pending stop) already has this id. */
  DUPLICATE_ORDER_ID,
  /** The quantity is zero or negative. */
  INVALID_QUANTITY,
  /** The price (limit or protection cap) is zero or negative. */
  INVALID_PRICE,
  /** The stop price of a stop or stop-limit order is zero or negative. */
  INVALID_STOP_PRICE,
  /** The display quantity of an iceberg is negative or above the quantity. */
  INVALID_DISPLAY_QUANTITY,
  /**
   * The combination of type, time in force and flags is not supported: a market order that is not
   * IOC or FOK, a post-only order that is not a GTC or DAY limit order.
   */
  UNSUPPORTED_COMBINATION,
  /** A post-only order (or a modify of one) would take liquidity; post-only is never re-priced. */
  WOULD_TAKE,
  /** Cancel or modify of an id that is not live. */
  UNKNOWN_ORDER,
  /**
   * Modify of an order that cannot be modified. The engine no longer gives it (pending stops became
   * modifiable); it stays for readers of older journals and event logs.
   */
  NOT_MODIFIABLE,
  /** The book already holds its capacity of live orders. */
  BOOK_FULL
}
