package dev.blocks.orderbook.marketdata;

import java.time.Instant;
import java.util.Objects;

/**
 * One OHLCV candlestick: the open, high, low and close trade prices of an interval, its volume and
 * its number of trades.
 *
 * <p>Immutable.
 *
 * @param start the start of the interval (inclusive)
 * @param open the first trade price
 * @param high the highest trade price
 * @param low the lowest trade price
 * @param close the last trade price
 * @param volume the traded quantity
 * @param trades the number of trades
 * @since 0.1
 */
public record Candle(
    Instant start, long open, long high, long low, long close, long volume, int trades) {
  /**
   * Validates the candle.
   *
   * @throws IllegalArgumentException if the prices are not ordered {@code low <= open, close <=
   *     high} or counts are not positive
   */
  public Candle {
    Objects.requireNonNull(start, "start");
    if (low > Math.min(open, close) || high < Math.max(open, close) || low <= 0) {
      throw new IllegalArgumentException(
          "prices must satisfy 0 < low <= open, close <= high, got open="
              + open
              + " high="
              + high
              + " low="
              + low
              + " close="
              + close);
    }
    if (volume <= 0 || trades <= 0) {
      throw new IllegalArgumentException(
          "volume and trades must be > 0, got volume=" + volume + " trades=" + trades);
    }
  }

  @Override
  public String toString() {
    return start
        + " O "
        + open
        + " H "
        + high
        + " L "
        + low
        + " C "
        + close
        + " V "
        + volume
        + " ("
        + trades
        + " trades)";
  }
}
