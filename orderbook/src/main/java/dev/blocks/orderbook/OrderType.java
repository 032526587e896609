package dev.blocks.orderbook;

/**
 * The kind of an order: how its price is used and when it becomes active.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public enum OrderType {
  /** Trades at its limit price or better; a remainder rests (GTC, DAY) or is cancelled. */
  LIMIT,
  /**
   * Trades at any price up to a protection cap (the order's price: the highest price a buy pays,
   * the lowest a sell accepts), so a sweep cannot run into far levels. Never rests: time in force
   * is IOC or FOK.
   */
  MARKET,
  /**
   * Waits outside the book until the last trade price reaches its stop price (at or above it for a
   * buy, at or below it for a sell), then becomes a {@link #MARKET} order capped at its price.
   */
  STOP,
  /**
   * Waits outside the book like {@link #STOP}, then becomes a {@link #LIMIT} order at its price
   * with its time in force.
   */
  STOP_LIMIT
}
