package dev.blocks.core.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JumpHashSnippets {

  @Test
  void bucket() {
    // @start region=bucket
    long userId = 0x9E3779B97F4A7C15L; // already well spread; hash other keys first
    int shard = JumpHash.bucket(userId, 16); // in [0, 16)
    int grown = JumpHash.bucket(userId, 17); // either the same shard or the new shard 16
    // @end
    assertThat(grown).isIn(shard, 16);
  }
}
