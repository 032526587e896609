package dev.blocks.core.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.common.hash.Hashing;
import org.junit.jupiter.api.Test;

class JumpHashTest {

  @Test
  void bucket_oneBucket_isAlwaysZero() {
    assertThat(JumpHash.bucket(0L, 1)).isZero();
    assertThat(JumpHash.bucket(Long.MIN_VALUE, 1)).isZero();
    assertThat(JumpHash.bucket(Long.MAX_VALUE, 1)).isZero();
  }

  @Test
  void bucket_zeroBuckets_namesTheValue() {
    assertThatThrownBy(() -> JumpHash.bucket(42L, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("buckets must be >= 1, got 0");
    assertThatThrownBy(() -> JumpHash.bucket(42L, -7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-7");
  }

  @Test
  void bucketIsAlwaysInRange() {
    qt().forAll(longs().all(), integers().between(1, Integer.MAX_VALUE))
        .checkAssert((key, n) -> assertThat(JumpHash.bucket(key, n)).isBetween(0, n - 1));
  }

  @Test
  void bucketEqualsGuavasConsistentHash() {
    qt().forAll(longs().all(), integers().between(1, 1_000_000))
        .checkAssert(
            (key, n) ->
                assertThat(JumpHash.bucket(key, n)).isEqualTo(Hashing.consistentHash(key, n)));
  }

  @Test
  void growingByOneMovesKeysOnlyToTheNewBucket() {
    qt().forAll(longs().all(), integers().between(1, 100_000))
        .checkAssert(
            (key, n) -> {
              int before = JumpHash.bucket(key, n);
              int after = JumpHash.bucket(key, n + 1);
              assertThat(after).isIn(before, n);
            });
  }
}
