package dev.blocks.orderbook.marketdata;

/**
 * One price level of a level-2 view: a price and the displayed quantity resting there.
 *
 * <p>Immutable.
 *
 * @param price the price in ticks, positive
 * @param quantity the displayed quantity in lots, positive
 * @since 0.1
 */
public record PriceLevel(long price, long quantity) {
  /**
   * Validates the level.
   *
   * @throws IllegalArgumentException if {@code price} or {@code quantity} is not positive
   */
  public PriceLevel {
    if (price <= 0) {
      throw new IllegalArgumentException("price must be > 0, got " + price);
    }
    if (quantity <= 0) {
      throw new IllegalArgumentException("quantity must be > 0, got " + quantity);
    }
  }
}
