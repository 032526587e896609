package dev.blocks.examples;

import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderBookListener;
import dev.blocks.orderbook.Side;
import dev.blocks.orderbook.marketdata.Candle;
import dev.blocks.orderbook.marketdata.CandleSeries;
import dev.blocks.orderbook.marketdata.L2Book;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;

/** Tour section for blocks-orderbook. */
final class OrderBookTour implements TourSection {

  @Override
  public String title() {
    return "orderbook";
  }

  @Override
  public void run(PrintStream out) {
    // Simulated time: the tour never reads the wall clock.
    Instant[] now = {Instant.parse("2026-03-02T14:30:00Z")};
    InstantSource clock = () -> now[0];
    L2Book l2 = new L2Book();
    CandleSeries candles = CandleSeries.of(Duration.ofMinutes(1), clock);
    boolean[] printTrades = {true};
    OrderBookListener trades =
        new OrderBookListener() {
          @Override
          public void onTrade(long maker, long taker, Side side, long price, long quantity) {
            if (printTrades[0]) {
              out.printf(
                  "  trade: %d lots at %d (maker %d, taker %d)%n", quantity, price, maker, taker);
            }
          }
        };
    MatchingEngine engine =
        MatchingEngine.builder()
            .capacity(10_000)
            .listener(OrderBookListener.fanOut(l2, candles, trades))
            .build();

    out.println("The seed's example: asks at 100.10 (ticks of 0.01) and 100.11, bids below.");
    long id = 1;
    for (long q : new long[] {200, 400, 1100, 100}) {
      engine.limit(id++, 1, Side.SELL, 10_010, q);
    }
    for (long q : new long[] {900, 700, 400}) {
      engine.limit(id++, 1, Side.SELL, 10_011, q);
    }
    engine.limit(id++, 2, Side.BUY, 10_008, 500);
    engine.limit(id++, 2, Side.BUY, 10_007, 800);
    out.print("L2 depth before:\n" + l2.render(5));
    out.println("A market buy of 2700 lots, protection cap 100.20:");
    engine.market(id++, 3, Side.BUY, 2_700, 10_020);
    out.print("L2 depth after:\n" + l2.render(5));
    out.printf(
        "Best ask is now %d; %d lots left at 100.11.%n",
        engine.bestAsk(), engine.volumeAt(Side.SELL, 10_011));

    out.println("A burst of 40 small market orders over one minute (simulated clock):");
    printTrades[0] = false;
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 40; i++) {
      now[0] = now[0].plusMillis(1_000 + random.nextInt(400));
      Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
      long price = side == Side.BUY ? engine.bestAsk() : engine.bestBid();
      engine.limit(id++, 4, side.opposite(), side == Side.BUY ? price - 1 : price + 1, 30);
      engine.market(id++, 5, side, 10 + random.nextInt(40), side == Side.BUY ? 10_100 : 9_900);
    }
    for (Candle c : candles.candles()) {
      out.println("  1-minute candle " + c);
    }
  }
}
