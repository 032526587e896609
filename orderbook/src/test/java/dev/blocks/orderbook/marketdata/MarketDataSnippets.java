package dev.blocks.orderbook.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.Side;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketDataSnippets {

  static final class ManualClock implements InstantSource {
    Instant now;

    ManualClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void l2() {
    // @start region=l2
    L2Book l2 = new L2Book();
    MatchingEngine engine = MatchingEngine.builder().capacity(100).listener(l2).build();
    engine.limit(1, 1, Side.SELL, 10_011, 900);
    engine.limit(2, 1, Side.SELL, 10_010, 200);
    engine.limit(3, 2, Side.BUY, 10_005, 300);
    List<PriceLevel> asks = l2.depth(Side.SELL, 10); // [10010 x 200, 10011 x 900]
    // @end
    assertThat(asks).containsExactly(new PriceLevel(10_010, 200), new PriceLevel(10_011, 900));
    assertThat(l2.bestBid()).isEqualTo(10_005);
  }

  @Test
  void candles() {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-02T14:30:05Z"));
    // @start region=candles
    CandleSeries minute = CandleSeries.of(Duration.ofMinutes(1), clock);
    MatchingEngine engine = MatchingEngine.builder().capacity(100).listener(minute).build();
    engine.limit(1, 1, Side.SELL, 10_010, 500);
    engine.market(2, 2, Side.BUY, 100, 10_050); // trades 100 @ 10010 at 14:30:05
    // ... the clock moves on; every trade lands in the candle of its minute
    // @end
    clock.now = Instant.parse("2026-03-02T14:30:40Z");
    engine.limit(3, 1, Side.SELL, 10_012, 50);
    engine.market(4, 2, Side.BUY, 450, 10_050);
    assertThat(minute.candles())
        .containsExactly(
            new Candle(
                Instant.parse("2026-03-02T14:30:00Z"), 10_010, 10_012, 10_010, 10_012, 550, 3));
  }
}
