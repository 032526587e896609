package dev.blocks.core.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Avalanche: flipping one input bit (or changing one character or byte) flips each output bit with
 * probability about one half, so on average 32 of 64 bits; over 2,000 samples the mean has a
 * standard deviation of 4/√2000 ≈ 0.09 bits, and the bound ±1.5 bits is far outside it.
 */
class KeyHasherProperties {

  private static final int SAMPLES = 2000;

  @Test
  void flippingAnyBitOfALongFlipsHalfTheHashBits() {
    qt().withExamples(20)
        .forAll(integers().between(0, 63), longs().all())
        .checkAssert(
            (bit, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              long flipped = 0;
              for (int i = 0; i < SAMPLES; i++) {
                long x = random.nextLong();
                flipped +=
                    Long.bitCount(
                        KeyHasher.hashLong(x, seed) ^ KeyHasher.hashLong(x ^ 1L << bit, seed));
              }
              assertThat((double) flipped / SAMPLES).isBetween(30.5, 33.5);
            });
  }

  @Test
  void changingOneCharacterOrByteFlipsHalfTheHashBits() {
    qt().withExamples(20)
        .forAll(integers().between(1, 40), longs().all())
        .checkAssert(
            (length, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              long charFlips = 0;
              long byteFlips = 0;
              for (int i = 0; i < SAMPLES; i++) {
                char[] chars = new char[length];
                byte[] bytes = new byte[length];
                for (int c = 0; c < length; c++) {
                  chars[c] = (char) random.nextInt('a', 'z' + 1);
                  bytes[c] = (byte) chars[c];
                }
                int at = random.nextInt(length);
                String before = new String(chars);
                chars[at] ^= (char) (1 << random.nextInt(16));
                charFlips +=
                    Long.bitCount(
                        KeyHasher.hashChars(before, 0) ^ KeyHasher.hashChars(new String(chars), 0));
                long b0 = KeyHasher.hashBytes(bytes, 0);
                bytes[at] ^= (byte) (1 << random.nextInt(8));
                byteFlips += Long.bitCount(b0 ^ KeyHasher.hashBytes(bytes, 0));
              }
              assertThat((double) charFlips / SAMPLES).isBetween(30.5, 33.5);
              assertThat((double) byteFlips / SAMPLES).isBetween(30.5, 33.5);
            });
  }

  @Test
  void stringsThatDifferOnlyInLengthHashApart() {
    assertThat(KeyHasher.hashChars("", 0)).isNotEqualTo(KeyHasher.hashChars("\0", 0));
    assertThat(KeyHasher.hashBytes(new byte[0], 0))
        .isNotEqualTo(KeyHasher.hashBytes(new byte[1], 0));
  }
}
