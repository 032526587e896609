package dev.blocks.orderbook.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.blocks.orderbook.Commands;
import dev.blocks.orderbook.Commands.Command;
import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderRequest;
import dev.blocks.orderbook.Side;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarketDataProperties {

  @Test
  void l2RebuiltFromIncrementsEqualsEngineDepth() {
    qt().withExamples(200)
        .forAll(lists().of(Commands.commands()).ofSizeBetween(1, 80))
        .checkAssert(
            commands -> {
              L2Book l2 = new L2Book();
              MatchingEngine engine = MatchingEngine.builder().capacity(64).listener(l2).build();
              OrderRequest scratch = new OrderRequest();
              for (Command c : commands) {
                c.apply(engine, scratch);
                for (Side side : Side.values()) {
                  assertThat(l2.depth(side, 1000))
                      .as("%s after %s", side, c)
                      .isEqualTo(L2Book.snapshot(engine).depth(side, 1000));
                  long[] p = new long[engine.levelCount(side)];
                  long[] q = new long[p.length];
                  engine.depth(side, p, q);
                  List<PriceLevel> direct = new ArrayList<>();
                  for (int i = 0; i < p.length; i++) {
                    direct.add(new PriceLevel(p[i], q[i]));
                  }
                  assertThat(l2.depth(side, 1000)).isEqualTo(direct);
                }
                assertThat(l2.bestBid()).isEqualTo(engine.bestBid());
                assertThat(l2.bestAsk()).isEqualTo(engine.bestAsk());
              }
            });
  }

  /** Candles equal a direct grouping of the trades by interval. */
  @Test
  void candlesGroupTradesByInterval() {
    qt().withExamples(200)
        .forAll(
            lists().of(longs().between(0, 5_000)).ofSizeBetween(1, 60),
            lists().of(longs().between(1, 50)).ofSize(60),
            integers().between(1, 2_000))
        .checkAssert(
            (gaps, prices, intervalMs) -> {
              MarketDataSnippets.ManualClock clock =
                  new MarketDataSnippets.ManualClock(Instant.ofEpochMilli(1_000_000));
              CandleSeries series = CandleSeries.of(Duration.ofMillis(intervalMs), clock);
              Map<Long, List<long[]>> model = new LinkedHashMap<>();
              for (int i = 0; i < gaps.size(); i++) {
                clock.now = clock.now.plusMillis(gaps.get(i));
                long price = prices.get(i);
                long qty = 1 + i % 7;
                series.onTrade(1, 2, Side.BUY, price, qty);
                model
                    .computeIfAbsent(
                        Math.floorDiv(clock.millis(), intervalMs), k -> new ArrayList<>())
                    .add(new long[] {price, qty});
              }
              List<Candle> expected = new ArrayList<>();
              model.forEach(
                  (bucket, trades) -> {
                    long hi = Long.MIN_VALUE;
                    long lo = Long.MAX_VALUE;
                    long vol = 0;
                    for (long[] t : trades) {
                      hi = Math.max(hi, t[0]);
                      lo = Math.min(lo, t[0]);
                      vol += t[1];
                    }
                    expected.add(
                        new Candle(
                            Instant.ofEpochMilli(bucket * intervalMs),
                            trades.get(0)[0],
                            hi,
                            lo,
                            trades.get(trades.size() - 1)[0],
                            vol,
                            trades.size()));
                  });
              assertThat(series.candles()).isEqualTo(expected);
            });
  }

  @Test
  void badArguments_throwClearExceptions() {
    assertThatThrownBy(() -> CandleSeries.of(Duration.ZERO, Instant::now))
        .hasMessage("interval must be >= 1 ms, got PT0S");
    assertThatThrownBy(() -> new PriceLevel(0, 1)).hasMessage("price must be > 0, got 0");
    assertThatThrownBy(() -> new L2Book().depth(Side.BUY, -1))
        .hasMessage("levels must be >= 0, got -1");
    assertThatThrownBy(() -> TradeTape.of(Instant::now, 0))
        .hasMessage("capacity must be > 0, got 0");
    assertThatThrownBy(() -> new Candle(Instant.EPOCH, 5, 4, 3, 4, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("open=5 high=4");
  }

  @Test
  void tradeTape_keepsTheLastTradesWithTheirTime() {
    MarketDataSnippets.ManualClock clock = new MarketDataSnippets.ManualClock(Instant.EPOCH);
    TradeTape tape = TradeTape.of(clock, 2);
    MatchingEngine engine = MatchingEngine.builder().capacity(10).listener(tape).build();
    engine.limit(1, 1, Side.SELL, 100, 3);
    for (int i = 0; i < 3; i++) {
      clock.now = Instant.ofEpochSecond(i);
      engine.market(10 + i, 2, Side.BUY, 1, 100);
    }
    assertThat(tape.trades())
        .containsExactly(
            new Trade(Instant.ofEpochSecond(1), 1, 11, Side.BUY, 100, 1),
            new Trade(Instant.ofEpochSecond(2), 1, 12, Side.BUY, 100, 1));
  }
}
