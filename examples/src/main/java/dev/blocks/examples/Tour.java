package dev.blocks.examples;

import java.io.PrintStream;
import java.util.List;

/**
 * The tour: one runnable walk through every block of Blocks.
 *
 * <p>Run it with {@code ./mvnw -q -Ptour -pl examples -am package -DskipTests}. Each section runs a
 * block for real and prints what happened; a block that is not built yet says so.
 */
public final class Tour {

  static final List<TourSection> SECTIONS =
      List.of(
          new CoreTour(),
          new ResilienceTour(),
          new ErasureTour(),
          new GeoTour(),
          new OrderBookTour(),
          new LedgerTour(),
          new DeliveryTour());

  private Tour() {}

  /** Runs every section in order, printing to standard output. */
  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  static void run(PrintStream out) throws Exception {
    out.println("Blocks tour: " + SECTIONS.size() + " blocks");
    for (TourSection section : SECTIONS) {
      out.println();
      out.println("== " + section.title() + " ==");
      long start = System.nanoTime();
      section.run(out);
      out.printf("(%s took %d ms)%n", section.title(), (System.nanoTime() - start) / 1_000_000);
    }
  }
}
