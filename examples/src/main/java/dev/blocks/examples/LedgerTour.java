package dev.blocks.examples;

import dev.blocks.ledger.Allocation;
import java.io.PrintStream;
import java.util.Arrays;

/** Tour section for blocks-ledger. */
final class LedgerTour implements TourSection {

  @Override
  public String title() {
    return "ledger";
  }

  @Override
  public void run(PrintStream out) {
    long[] parts = Allocation.largestRemainder(20_000, 1, 1, 1);
    out.printf(
        "Splitting $200.00 three ways by largest remainder: %s cents (sum %d, no cent lost).%n",
        Arrays.toString(parts), Arrays.stream(parts).sum());
    out.println("Not built yet: the double-entry ledger and its journal (issue 8).");
  }
}
