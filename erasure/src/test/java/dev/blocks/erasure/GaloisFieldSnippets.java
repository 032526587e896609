package dev.blocks.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GaloisFieldSnippets {

  @Test
  void arithmetic() {
    // @start region=arithmetic
    int p = GaloisField.mul(0x53, 0xca); // carry-less product, reduced by 0x11d
    int q = GaloisField.div(p, 0xca); // 0x53 again
    int sum = GaloisField.add(0x53, 0xca); // XOR: 0x99
    // @end
    assertThat(p).isEqualTo(GaloisField.mul(0xca, 0x53));
    assertThat(q).isEqualTo(0x53);
    assertThat(sum).isEqualTo(0x99);
  }
}
