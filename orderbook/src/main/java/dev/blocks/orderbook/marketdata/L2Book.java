package dev.blocks.orderbook.marketdata;

import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderBookListener;
import dev.blocks.orderbook.Side;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A level-2 (and level-1) book rebuilt from a matching engine's incremental level updates ({@link
 * OrderBookListener#onLevelChanged}): a consumer of the feed holds the same depth as the engine.
 *
 * <p>Register it with the engine (directly or through {@link OrderBookListener#fanOut}) before the
 * first command, or seed it from {@link #snapshot(MatchingEngine)} and apply the increments that
 * follow. Queries allocate; the update path keeps a sorted map per side.
 *
 * {@snippet class=dev.blocks.orderbook.marketdata.MarketDataSnippets region=l2}
 *
 * <p>Not thread-safe; confine it to the engine's thread or hand snapshots to others.
 *
 * @since 0.1
 */
public final class L2Book implements OrderBookListener {
  private final TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
  private final TreeMap<Long, Long> asks = new TreeMap<>();

  /** Creates an empty book. */
  public L2Book() {}

  /** Returns a book holding the engine's current depth (a level-2 snapshot). */
  public static L2Book snapshot(MatchingEngine engine) {
    L2Book book = new L2Book();
    for (Side side : Side.values()) {
      long[] prices = new long[engine.levelCount(side)];
      long[] quantities = new long[prices.length];
      int n = engine.depth(side, prices, quantities);
      for (int i = 0; i < n; i++) {
        book.onLevelChanged(side, prices[i], quantities[i]);
      }
    }
    return book;
  }

  @Override
  public void onLevelChanged(Side side, long price, long displayedQuantity) {
    Map<Long, Long> book = side == Side.BUY ? bids : asks;
    if (displayedQuantity == 0) {
      book.remove(price);
    } else {
      book.put(price, displayedQuantity);
    }
  }

  /** Returns the best bid price, or {@link MatchingEngine#NO_BID}. */
  public long bestBid() {
    return bids.isEmpty() ? MatchingEngine.NO_BID : bids.firstKey();
  }

  /** Returns the best ask price, or {@link MatchingEngine#NO_ASK}. */
  public long bestAsk() {
    return asks.isEmpty() ? MatchingEngine.NO_ASK : asks.firstKey();
  }

  /**
   * Returns up to {@code levels} levels of {@code side}, best first.
   *
   * @throws IllegalArgumentException if {@code levels} is negative
   */
  public List<PriceLevel> depth(Side side, int levels) {
    Objects.requireNonNull(side, "side");
    if (levels < 0) {
      throw new IllegalArgumentException("levels must be >= 0, got " + levels);
    }
    List<PriceLevel> out = new ArrayList<>();
    for (Map.Entry<Long, Long> e : (side == Side.BUY ? bids : asks).entrySet()) {
      if (out.size() == levels) {
        break;
      }
      out.add(new PriceLevel(e.getKey(), e.getValue()));
    }
    return List.copyOf(out);
  }

  /** Renders the top {@code levels} levels of both sides as text, asks above bids. */
  public String render(int levels) {
    StringBuilder sb = new StringBuilder();
    List<PriceLevel> a = depth(Side.SELL, levels);
    for (int i = a.size() - 1; i >= 0; i--) {
      sb.append(String.format("  ask %10d  %8d%n", a.get(i).price(), a.get(i).quantity()));
    }
    for (PriceLevel l : depth(Side.BUY, levels)) {
      sb.append(String.format("  bid %10d  %8d%n", l.price(), l.quantity()));
    }
    return sb.toString();
  }
}
