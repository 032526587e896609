package dev.blocks.examples;

import java.io.PrintStream;

/** One section of the tour: a short, real run of one block that prints what happened. */
interface TourSection {

  /** The block's name, printed as the section heading. */
  String title();

  /** Runs the section and prints a short, readable account to {@code out}. */
  void run(PrintStream out) throws Exception;
}
