package dev.blocks.orderbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

class SideTest {

  @Test
  void opposite_isAnInvolution() {
    for (Side s : Side.values()) {
      assertThat(s.opposite()).isNotEqualTo(s);
      assertThat(s.opposite().opposite()).isEqualTo(s);
    }
  }

  @Test
  void crosses_equalPrices_cross() {
    assertThat(Side.BUY.crosses(10_010, 10_010)).isTrue();
    assertThat(Side.SELL.crosses(10_010, 10_010)).isTrue();
  }

  @Test
  void crosses_buyBelowAsk_doesNotCross() {
    assertThat(Side.BUY.crosses(10_009, 10_010)).isFalse();
    assertThat(Side.SELL.crosses(10_011, 10_010)).isFalse();
  }

  @Test
  void aBuyCrossesASellExactlyWhenTheSellCrossesTheBuy() {
    qt().forAll(longs().between(1, 1_000_000), longs().between(1, 1_000_000))
        .checkAssert(
            (bid, ask) ->
                assertThat(Side.BUY.crosses(bid, ask)).isEqualTo(Side.SELL.crosses(ask, bid)));
  }

  @Test
  void betterIsAStrictOrderMirroredBetweenSides() {
    qt().forAll(longs().between(1, 1_000_000), longs().between(1, 1_000_000))
        .checkAssert(
            (a, b) -> {
              assertThat(Side.BUY.better(a, b)).isEqualTo(a > b);
              assertThat(Side.SELL.better(a, b)).isEqualTo(Side.BUY.better(b, a));
              assertThat(Side.BUY.better(a, a)).isFalse();
            });
  }
}
