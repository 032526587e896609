package dev.blocks.erasure.durability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DurabilitySnippets {

  @Test
  void compare() {
    // @start region=compare
    Durability erasure = Durability.ofErasure(17, 3, 0.0081, 6.5); // 17+3, 0.81 % AFR, 6.5 days
    Durability copies = Durability.ofReplication(3, 0.0081, 6.5); // 3 copies, same drives
    double loss = erasure.annualLossProbability(); // 1.185e-10
    double nines = erasure.nines(); // 9.93
    double overhead = erasure.storageOverhead(); // 1.18 bytes stored per byte
    double copiesOverhead = copies.storageOverhead(); // 3.0
    // @end
    assertThat(loss).isBetween(1.18e-10, 1.19e-10);
    assertThat(nines).isBetween(9.9, 10.0);
    assertThat(overhead).isLessThan(copiesOverhead);
  }
}
