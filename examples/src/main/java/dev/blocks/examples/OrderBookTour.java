package dev.blocks.examples;

import dev.blocks.orderbook.Side;
import java.io.PrintStream;

/** Tour section for blocks-orderbook. */
final class OrderBookTour implements TourSection {

  @Override
  public String title() {
    return "orderbook";
  }

  @Override
  public void run(PrintStream out) {
    long bestAsk = 10_010;
    for (long bid : new long[] {10_009, 10_010, 10_011}) {
      out.printf(
          "A buy limit at %d ticks against a best ask of %d: %s%n",
          bid,
          bestAsk,
          Side.BUY.crosses(bid, bestAsk) ? "marketable, trades" : "rests in the book");
    }
    out.println(
        "Not built yet: the book, matching engine, journal, risk and market data (issue 7).");
  }
}
