package dev.blocks.orderbook.marketdata;

import dev.blocks.orderbook.Side;
import java.time.Instant;
import java.util.Objects;

/**
 * One print of the trade tape.
 *
 * <p>Immutable.
 *
 * @param time when the trade happened (from the injected clock)
 * @param makerOrderId the resting order
 * @param takerOrderId the incoming order
 * @param aggressor the taker's side
 * @param price the price in ticks (the maker's price)
 * @param quantity the quantity in lots
 * @since 0.1
 */
public record Trade(
    Instant time, long makerOrderId, long takerOrderId, Side aggressor, long price, long quantity) {
  /**
   * Validates the trade.
   *
   * @throws IllegalArgumentException if {@code price} or {@code quantity} is not positive
   */
  public Trade {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(aggressor, "aggressor");
    if (price <= 0) {
      throw new IllegalArgumentException("price must be > 0, got " + price);
    }
    if (quantity <= 0) {
      throw new IllegalArgumentException("quantity must be > 0, got " + quantity);
    }
  }
}
