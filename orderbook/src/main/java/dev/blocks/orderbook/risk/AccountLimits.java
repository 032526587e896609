package dev.blocks.orderbook.risk;

/**
 * The pre-trade limits of one account.
 *
 * <p>Immutable.
 *
 * @param maxOrderQuantity the largest quantity of one order, in lots
 * @param maxNotional the largest price × quantity of one order, in tick-lots
 * @param priceCollar the largest distance of an order's price from the reference price, in ticks
 * @param maxPosition the largest holding of the instrument the account may reach if every open buy
 *     order fills, in lots
 * @since 0.1
 */
public record AccountLimits(
    long maxOrderQuantity, long maxNotional, long priceCollar, long maxPosition) {
  /**
   * Validates the limits.
   *
   * @throws IllegalArgumentException if a limit is not positive
   */
  public AccountLimits {
    positive("maxOrderQuantity", maxOrderQuantity);
    positive("maxNotional", maxNotional);
    positive("priceCollar", priceCollar);
    positive("maxPosition", maxPosition);
  }

  private static void positive(String name, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + v);
    }
  }
}
