package dev.blocks.orderbook.marketdata;

import dev.blocks.orderbook.OrderBookListener;
import dev.blocks.orderbook.Side;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * The most recent trades of an engine, time-stamped with an injected clock.
 *
 * <p>Not thread-safe; confine it to the engine's thread.
 *
 * @since 0.1
 */
public final class TradeTape implements OrderBookListener {
  private final InstantSource clock;
  private final int capacity;
  private final ArrayDeque<Trade> trades = new ArrayDeque<>();

  private TradeTape(InstantSource clock, int capacity) {
    this.clock = clock;
    this.capacity = capacity;
  }

  /**
   * Returns a tape that keeps the last {@code capacity} trades.
   *
   * @throws IllegalArgumentException if {@code capacity} is not positive
   */
  public static TradeTape of(InstantSource clock, int capacity) {
    Objects.requireNonNull(clock, "clock");
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be > 0, got " + capacity);
    }
    return new TradeTape(clock, capacity);
  }

  @Override
  public void onTrade(long maker, long taker, Side takerSide, long price, long quantity) {
    if (trades.size() == capacity) {
      trades.removeFirst();
    }
    trades.addLast(new Trade(clock.instant(), maker, taker, takerSide, price, quantity));
  }

  /** Returns the kept trades, oldest first. */
  public List<Trade> trades() {
    return List.copyOf(trades);
  }
}
