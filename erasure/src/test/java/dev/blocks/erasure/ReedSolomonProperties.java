package dev.blocks.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class ReedSolomonProperties {

  private static final CodingMatrix[] CODES = CodingMatrix.values();

  /** Shard sizes with the edges in the mix: empty, one byte, odd, block-straddling. */
  private static final Gen<Integer> SIZES =
      integers()
          .between(0, 5)
          .map(i -> new int[] {0, 1, 7, 63, 4099, 9000}[i])
          .mix(integers().between(0, 300), 70);

  private static ReedSolomon coder(int code, int k, int m) {
    return ReedSolomon.of(CODES[code], k, m);
  }

  @Test
  void encodeMatchesSlowModelInsideTheRangeAndTouchesNothingOutside() {
    qt().withExamples(150)
        .forAll(integers().between(1, 20), integers().between(0, 8), SIZES, longs().all())
        .checkAssert(
            (k, m, size, seed) -> {
              int code = (int) (seed & 1);
              ReedSolomon rs = coder(code, k, m);
              SplittableRandom random = new SplittableRandom(seed);
              int offset = size == 0 ? 0 : random.nextInt(size + 1);
              int length = random.nextInt(size - offset + 1);
              byte[][] shards = new byte[k + m][size];
              for (byte[] shard : shards) {
                random.nextBytes(shard);
              }
              byte[][] before = ReedSolomonModel.copy(shards);
              byte[][] expected = ReedSolomonModel.parity(rs, shards, offset, length);

              rs.encode(shards, offset, length);

              for (int i = 0; i < k + m; i++) {
                byte[] want = before[i].clone();
                if (i >= k) {
                  System.arraycopy(expected[i - k], 0, want, offset, length);
                }
                assertThat(shards[i]).as("shard %d of %s", i, rs).isEqualTo(want);
              }
            });
  }

  @Test
  void decodeOfEncodeIsIdentity_everyErasurePattern_smallCodes() {
    SplittableRandom random = new SplittableRandom(42);
    for (CodingMatrix code : CODES) {
      for (int n = 1; n <= 8; n++) {
        for (int k = 1; k <= n; k++) {
          ReedSolomon rs = ReedSolomon.of(code, k, n - k);
          byte[][] original = ReedSolomonModel.encoded(rs, 37, random);
          for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) <= n - k) {
              checkRebuild(rs, original, mask, 3, 31);
            }
          }
        }
      }
    }
  }

  @Test
  void decodeOfEncodeIsIdentity_sampledPatterns_largeCodes() {
    qt().withExamples(60)
        .forAll(
            integers().between(0, 1),
            integers().between(1, 200),
            integers().between(1, 56),
            longs().all())
        .checkAssert(
            (code, k, m, seed) -> {
              ReedSolomon rs = coder(code, k, m);
              SplittableRandom random = new SplittableRandom(seed);
              byte[][] original = ReedSolomonModel.encoded(rs, 11, random);
              boolean[] present = ReedSolomonModel.randomPresent(k + m, m, random);
              checkRebuild(rs, original, present, 1, 9);
            });
  }

  private static void checkRebuild(
      ReedSolomon rs, byte[][] original, int mask, int offset, int length) {
    boolean[] present = new boolean[rs.totalShards()];
    for (int i = 0; i < present.length; i++) {
      present[i] = (mask & (1 << i)) == 0;
    }
    checkRebuild(rs, original, present, offset, length);
  }

  private static void checkRebuild(
      ReedSolomon rs, byte[][] original, boolean[] present, int offset, int length) {
    byte[][] all = destroyed(original, present);
    rs.reconstruct(all, present, offset, length);
    for (int i = 0; i < all.length; i++) {
      assertThat(Arrays.copyOfRange(all[i], offset, offset + length))
          .as("shard %d of %s, present %s", i, rs, Arrays.toString(present))
          .isEqualTo(Arrays.copyOfRange(original[i], offset, offset + length));
    }

    byte[][] dataOnly = destroyed(original, present);
    byte[][] garbage = ReedSolomonModel.copy(dataOnly);
    rs.reconstructData(dataOnly, present, offset, length);
    for (int i = 0; i < all.length; i++) {
      byte[] want = i < rs.dataShards() || present[i] ? original[i] : garbage[i];
      assertThat(Arrays.copyOfRange(dataOnly[i], offset, offset + length))
          .as("reconstructData shard %d of %s", i, rs)
          .isEqualTo(Arrays.copyOfRange(want, offset, offset + length));
    }
  }

  /** Copies the shards, filling the missing ones with garbage that must be overwritten. */
  private static byte[][] destroyed(byte[][] original, boolean[] present) {
    byte[][] copy = ReedSolomonModel.copy(original);
    for (int i = 0; i < copy.length; i++) {
      if (!present[i]) {
        Arrays.fill(copy[i], (byte) 0x5a);
      }
    }
    return copy;
  }

  @Test
  void verifyFailsForAnySingleChangedByteInRange() {
    qt().withExamples(200)
        .forAll(
            integers().between(1, 17),
            integers().between(1, 6),
            integers().between(1, 70),
            longs().all())
        .checkAssert(
            (k, m, size, seed) -> {
              int code = (int) (seed & 1);
              ReedSolomon rs = coder(code, k, m);
              SplittableRandom random = new SplittableRandom(seed);
              byte[][] shards = ReedSolomonModel.encoded(rs, size, random);
              assertThat(rs.verify(shards)).isTrue();
              int shard = random.nextInt(k + m);
              int position = random.nextInt(size);
              shards[shard][position] ^= (byte) (1 + random.nextInt(255));
              assertThat(rs.verify(shards)).as("shard %d byte %d", shard, position).isFalse();
              assertThat(rs.verify(shards, position, 1)).isFalse();
              assertThat(rs.verify(shards, 0, position)).isTrue();
              assertThat(rs.verify(shards, position + 1, size - position - 1)).isTrue();
            });
  }

  @Test
  void generatorIsSystematicAndVandermondeSatisfiesItsDefinition() {
    qt().forAll(integers().between(1, 40), integers().between(0, 30))
        .checkAssert(
            (k, m) -> {
              ReedSolomon v = ReedSolomon.vandermonde(k, m);
              ReedSolomon c = ReedSolomon.cauchy(k, m);
              for (int r = 0; r < k; r++) {
                for (int col = 0; col < k; col++) {
                  int want = r == col ? 1 : 0;
                  assertThat(v.coefficient(r, col)).isEqualTo(want);
                  assertThat(c.coefficient(r, col)).isEqualTo(want);
                }
              }
              // G * top(V) == V, with V[r][c] = r^c: the unique G whose top block is the identity.
              for (int r = 0; r < k + m; r++) {
                for (int col = 0; col < k; col++) {
                  int sum = 0;
                  for (int i = 0; i < k; i++) {
                    sum ^= GaloisField.mul(v.coefficient(r, i), GaloisField.pow(i, col));
                  }
                  assertThat(sum)
                      .as("(G V_top)[%d][%d]", r, col)
                      .isEqualTo(GaloisField.pow(r, col));
                }
              }
              for (int r = k; r < k + m; r++) {
                for (int col = 0; col < k; col++) {
                  assertThat(GaloisField.mul(c.coefficient(r, col), r ^ col)).isEqualTo(1);
                }
              }
            });
  }

  @Test
  void largestCodes_roundTrip() {
    SplittableRandom random = new SplittableRandom(3);
    for (CodingMatrix code : CODES) {
      ReedSolomon rs = ReedSolomon.of(code, 200, 56);
      byte[][] original = ReedSolomonModel.encoded(rs, 5, random);
      boolean[] present = new boolean[256];
      Arrays.fill(present, true);
      for (int i = 0; i < 56; i++) {
        present[i * 4] = false;
      }
      checkRebuild(rs, original, present, 0, 5);
    }
  }
}
