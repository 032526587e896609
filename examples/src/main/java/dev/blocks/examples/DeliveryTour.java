package dev.blocks.examples;

import dev.blocks.delivery.DeliveryMode;
import java.io.PrintStream;

/** Tour section for blocks-delivery. */
final class DeliveryTour implements TourSection {

  @Override
  public String title() {
    return "delivery";
  }

  @Override
  public void run(PrintStream out) {
    for (DeliveryMode mode : DeliveryMode.values()) {
      out.printf(
          "%-13s commits %s processing; may lose: %-5s may duplicate: %s%n",
          mode,
          mode.commitsBeforeProcessing() ? "before" : "after",
          mode.mayLose(),
          mode.mayDuplicate());
    }
    out.println(
        "Not built yet: the partitioned log, delivery modes and fault simulation (issue 9).");
  }
}
