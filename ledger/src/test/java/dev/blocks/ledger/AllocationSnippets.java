package dev.blocks.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllocationSnippets {

  @Test
  void split() {
    // @start region=split
    // Split $100.00 (10,000 cents) three ways: no cent is lost.
    long[] parts = Allocation.largestRemainder(10_000, 1, 1, 1); // [3334, 3333, 3333]
    // @end
    assertThat(parts).containsExactly(3334, 3333, 3333);
  }
}
