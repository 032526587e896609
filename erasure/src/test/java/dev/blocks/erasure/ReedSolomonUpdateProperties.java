package dev.blocks.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReedSolomonUpdateProperties {

  @Test
  void updateEqualsFullReencode() {
    qt().withExamples(150)
        .forAll(
            integers().between(1, 12),
            integers().between(0, 5),
            integers().between(0, 5000),
            longs().all())
        .checkAssert(
            (k, m, size, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              ReedSolomon rs = ReedSolomon.of(CodingMatrix.values()[random.nextInt(2)], k, m);
              byte[][] shards = ReedSolomonModel.encoded(rs, size, random);
              int offset = random.nextInt(size + 1);
              int length = random.nextInt(size - offset + 1);
              int victim = random.nextInt(k);
              byte[] newData = new byte[size];
              random.nextBytes(newData);

              byte[][] expected = ReedSolomonModel.copy(shards);
              System.arraycopy(newData, offset, expected[victim], offset, length);
              byte[][] parity = ReedSolomonModel.parity(rs, expected, offset, length);
              for (int p = 0; p < m; p++) {
                System.arraycopy(parity[p], 0, expected[k + p], offset, length);
              }

              rs.update(shards, victim, newData, offset, length);

              assertThat(shards).isDeepEqualTo(expected);
            });
  }

  @Test
  void reconstructChosenSubset_rebuildsOnlyTheWantedMissingShards() {
    qt().withExamples(150)
        .forAll(
            integers().between(1, 12),
            integers().between(1, 5),
            integers().between(1, 600),
            longs().all())
        .checkAssert(
            (k, m, size, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              ReedSolomon rs = ReedSolomon.of(CodingMatrix.values()[random.nextInt(2)], k, m);
              byte[][] original = ReedSolomonModel.encoded(rs, size, random);
              boolean[] present = ReedSolomonModel.randomPresent(k + m, m, random);
              boolean[] wanted = new boolean[k + m];
              byte[][] shards = ReedSolomonModel.copy(original);
              for (int i = 0; i < k + m; i++) {
                wanted[i] = random.nextBoolean();
                if (!present[i]) {
                  Arrays.fill(shards[i], (byte) 0x33);
                }
              }
              byte[][] before = ReedSolomonModel.copy(shards);

              rs.reconstruct(shards, present, wanted, 0, size);

              for (int i = 0; i < k + m; i++) {
                byte[] want = !present[i] && wanted[i] ? original[i] : before[i];
                assertThat(shards[i]).as("shard %d", i).isEqualTo(want);
              }
            });
  }

  @Test
  void update_badArguments_nameTheValue_andChangeNothing() {
    ReedSolomon rs = ReedSolomon.cauchy(3, 2);
    byte[][] shards = ReedSolomonModel.encoded(rs, 8, new SplittableRandom(4));
    byte[][] before = ReedSolomonModel.copy(shards);
    assertThatThrownBy(() -> rs.update(shards, 3, new byte[8]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataShard must be in [0, 2], got 3");
    assertThatThrownBy(() -> rs.update(shards, 0, new byte[7]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("newData.length must equal the shard length 8, got 7");
    assertThatThrownBy(() -> rs.update(shards, 0, shards[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("newData must not be the same array as shards[4]");
    assertThatThrownBy(() -> rs.reconstruct(shards, new boolean[5], new boolean[4], 0, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("wanted.length must be k + m = 5, got 4");
    assertThat(shards).isDeepEqualTo(before);
  }
}
