package dev.blocks.orderbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchingEngineSnippets {

  @Test
  void sweep() {
    // @start region=sweep
    List<String> trades = new ArrayList<>();
    OrderBookListener listener =
        new OrderBookListener() {
          @Override
          public void onTrade(long maker, long taker, Side side, long price, long quantity) {
            trades.add(quantity + "@" + price);
          }
        };
    MatchingEngine engine = MatchingEngine.builder().capacity(10_000).listener(listener).build();
    long id = 1;
    for (long q : new long[] {200, 400, 1100, 100}) {
      engine.limit(id++, 7, Side.SELL, 10_010, q); // asks at 100.10
    }
    for (long q : new long[] {900, 700, 400}) {
      engine.limit(id++, 7, Side.SELL, 10_011, q); // asks at 100.11
    }
    engine.market(id, 8, Side.BUY, 2_700, 10_020); // capped at 100.20
    // trades: [200@10010, 400@10010, 1100@10010, 100@10010, 900@10011]
    // engine.bestAsk() == 10_011, engine.volumeAt(Side.SELL, 10_011) == 1_100
    // @end
    assertThat(trades)
        .containsExactly("200@10010", "400@10010", "1100@10010", "100@10010", "900@10011");
    assertThat(engine.bestAsk()).isEqualTo(10_011);
    assertThat(engine.volumeAt(Side.SELL, 10_011)).isEqualTo(1_100);
  }

  @Test
  void request() {
    MatchingEngine engine = MatchingEngine.builder().capacity(100).build();
    // @start region=request
    OrderRequest r = new OrderRequest(); // reuse it: submitting allocates nothing
    engine.submit(
        r.clear()
            .orderId(1)
            .owner(42)
            .side(Side.SELL)
            .limit(10_010)
            .quantity(1_000)
            .displayQuantity(100) // an iceberg showing 100 lots
            .timeInForce(TimeInForce.DAY));
    engine.submit(
        r.clear()
            .orderId(2)
            .owner(42)
            .side(Side.BUY)
            .limit(10_010)
            .quantity(50)
            .selfTradePrevention(SelfTradePrevention.CANCEL_NEWEST)); // never trades with 1
    // @end
    assertThat(engine.volumeAt(Side.SELL, 10_010)).isEqualTo(100);
    assertThat(engine.remainingQuantity(2)).isZero();
  }

  @Test
  void session() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T15:00:00Z"));
    MatchingEngine engine = MatchingEngine.builder().capacity(100).build();
    // @start region=session
    SessionClock session = SessionClock.daily(clock, LocalTime.of(16, 0), ZoneOffset.UTC);
    OrderRequest day = new OrderRequest().orderId(1).side(Side.BUY).limit(100).quantity(5);
    engine.submit(day.timeInForce(TimeInForce.DAY));
    // ... later, on the engine's thread, e.g. between commands:
    if (session.poll()) {
      engine.expireSession(); // every DAY order expires
    }
    // @end
    assertThat(engine.orderCount()).isEqualTo(1);
    clock.now = Instant.parse("2026-03-02T16:00:00Z");
    if (session.poll()) {
      engine.expireSession();
    }
    assertThat(engine.orderCount()).isZero();
  }

  static final class MutableClock implements InstantSource {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
