package dev.blocks.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

class GaloisFieldTest {

  /**
   * Shift-and-add ("Russian peasant") multiplication reduced by 0x11d: the obviously correct model.
   */
  private static int slowMul(int a, int b) {
    int product = 0;
    while (b != 0) {
      if ((b & 1) != 0) {
        product ^= a;
      }
      a <<= 1;
      if ((a & 0x100) != 0) {
        a ^= 0x11d;
      }
      b >>= 1;
    }
    return product;
  }

  @Test
  void mulEqualsShiftAndAddModel() {
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        assertThat(GaloisField.mul(a, b)).as("%d * %d", a, b).isEqualTo(slowMul(a, b));
      }
    }
  }

  @Test
  void divUndoesMul() {
    qt().forAll(integers().between(0, 255), integers().between(1, 255))
        .checkAssert((a, b) -> assertThat(GaloisField.div(GaloisField.mul(a, b), b)).isEqualTo(a));
  }

  @Test
  void everyNonZeroElementHasAnInverse() {
    for (int a = 1; a < 256; a++) {
      assertThat(GaloisField.mul(a, GaloisField.inverse(a))).isEqualTo(1);
    }
  }

  @Test
  void generatorTwoReachesEveryNonZeroElement() {
    boolean[] seen = new boolean[256];
    for (int n = 0; n < 255; n++) {
      seen[GaloisField.exp(n)] = true;
      assertThat(GaloisField.log(GaloisField.exp(n))).isEqualTo(n);
    }
    for (int a = 1; a < 256; a++) {
      assertThat(seen[a]).as("2^n reaches %d", a).isTrue();
    }
  }

  @Test
  void powMatchesRepeatedMultiplication() {
    qt().forAll(integers().between(0, 255), integers().between(0, 600))
        .checkAssert(
            (a, n) -> {
              int expected = 1;
              for (int i = 0; i < n; i++) {
                expected = slowMul(expected, a);
              }
              assertThat(GaloisField.pow(a, n)).isEqualTo(expected);
            });
  }

  @Test
  void pow_zeroToTheZero_isOne() {
    assertThat(GaloisField.pow(0, 0)).isEqualTo(1);
  }

  @Test
  void knownProducts_matchPublishedTables() {
    // 2 * 128 = 256 -> 256 ^ 0x11d = 0x1d (the low byte of the polynomial).
    assertThat(GaloisField.mul(2, 128)).isEqualTo(0x1d);
    assertThat(GaloisField.exp(8)).isEqualTo(0x1d);
    assertThat(GaloisField.add(0x53, 0xca)).isEqualTo(0x99);
  }

  @Test
  void badArguments_nameTheValue() {
    assertThatThrownBy(() -> GaloisField.mul(256, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a must be in [0, 255], got 256");
    assertThatThrownBy(() -> GaloisField.add(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("b must be in [0, 255], got -1");
    assertThatThrownBy(() -> GaloisField.div(7, 0))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("7 / 0");
    assertThatThrownBy(() -> GaloisField.log(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a must be in [1, 255], got 0");
    assertThatThrownBy(() -> GaloisField.pow(3, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n must be >= 0, got -1");
  }
}
