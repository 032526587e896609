package dev.blocks.orderbook.marketdata;

import dev.blocks.orderbook.OrderBookListener;
import dev.blocks.orderbook.Side;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * OHLCV candlesticks over a fixed interval, driven by trade time: each trade is stamped by the
 * injected clock and lands in the interval {@code [k * interval, (k + 1) * interval)} since the
 * epoch that contains it. Intervals without trades have no candle. Trades must arrive in time order
 * (the engine's order).
 *
 * {@snippet class=dev.blocks.orderbook.marketdata.MarketDataSnippets region=candles}
 *
 * <p>Not thread-safe; confine it to the engine's thread.
 *
 * @since 0.1
 */
public final class CandleSeries implements OrderBookListener {
  private final InstantSource clock;
  private final long intervalMillis;
  private final List<Candle> closed = new ArrayList<>();
  private long bucket = Long.MIN_VALUE;
  private long open;
  private long high;
  private long low;
  private long close;
  private long volume;
  private int trades;

  private CandleSeries(InstantSource clock, long intervalMillis) {
    this.clock = clock;
    this.intervalMillis = intervalMillis;
  }

  /**
   * Returns a series of candles of {@code interval}, stamped by {@code clock}.
   *
   * @throws IllegalArgumentException if {@code interval} is shorter than one millisecond
   */
  public static CandleSeries of(Duration interval, InstantSource clock) {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(clock, "clock");
    if (interval.toMillis() < 1) {
      throw new IllegalArgumentException("interval must be >= 1 ms, got " + interval);
    }
    return new CandleSeries(clock, interval.toMillis());
  }

  @Override
  public void onTrade(long maker, long taker, Side takerSide, long price, long quantity) {
    long b = Math.floorDiv(clock.millis(), intervalMillis);
    if (b != bucket) {
      if (trades > 0) {
        closed.add(current());
      }
      bucket = b;
      open = price;
      high = price;
      low = price;
      volume = 0;
      trades = 0;
    }
    high = Math.max(high, price);
    low = Math.min(low, price);
    close = price;
    volume += quantity;
    trades++;
  }

  private Candle current() {
    return new Candle(
        Instant.ofEpochMilli(bucket * intervalMillis), open, high, low, close, volume, trades);
  }

  /** Returns every candle so far, oldest first, the last one possibly still open. */
  public List<Candle> candles() {
    List<Candle> all = new ArrayList<>(closed);
    if (trades > 0) {
      all.add(current());
    }
    return List.copyOf(all);
  }
}
