package dev.blocks.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReedSolomonSnippets {

  @Test
  void roundTrip() {
    // @start region=roundTrip
    ReedSolomon rs = ReedSolomon.vandermonde(4, 2); // 4 data + 2 parity shards
    byte[][] shards = new byte[6][8];
    byte[] data = "erasure-coded object 32 bytes ok".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 4; i++) {
      System.arraycopy(data, i * 8, shards[i], 0, 8);
    }
    rs.encode(shards); // fills shards[4] and shards[5]

    boolean[] present = {true, false, true, true, false, true}; // lose two shards
    shards[1] = new byte[8];
    shards[4] = new byte[8];
    rs.reconstruct(shards, present); // rebuilds shards 1 and 4 from the other four
    // @end
    byte[] back = new byte[32];
    for (int i = 0; i < 4; i++) {
      System.arraycopy(shards[i], 0, back, i * 8, 8);
    }
    assertThat(new String(back, StandardCharsets.US_ASCII))
        .isEqualTo("erasure-coded object 32 bytes ok");
    assertThat(rs.verify(shards)).isTrue();
  }
}
