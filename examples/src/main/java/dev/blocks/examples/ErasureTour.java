package dev.blocks.examples;

import dev.blocks.erasure.GaloisField;
import java.io.PrintStream;

/** Tour section for blocks-erasure. */
final class ErasureTour implements TourSection {

  @Override
  public String title() {
    return "erasure";
  }

  @Override
  public void run(PrintStream out) {
    int a = 0x57;
    int b = 0x13;
    int product = GaloisField.mul(a, b);
    out.printf(
        "GF(2^8) over 0x11d: 0x%02x * 0x%02x = 0x%02x, and 0x%02x / 0x%02x = 0x%02x again.%n",
        a, b, product, product, b, GaloisField.div(product, b));
    out.println("Not built yet: the Reed-Solomon coder, streams and durability math (issue 5).");
  }
}
