package dev.blocks.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The portable kernel rebuilds missing data shards in two steps (syndromes, then a small solve in
 * place) when that costs it fewer passes, as for 17+3; the bytes must be those of the encoded data,
 * on arrays and buffers, with parity lost too or not.
 */
class TwoStepDecodeProperties {

  @Test
  void twoStepDecode_isTaken_forManyDataShardsAndFewLost_onThePortableKernel() {
    boolean[] present = new boolean[20];
    Arrays.fill(present, 3, 20, true);
    // Cauchy 17+3 with data shards 0-2 lost: 296 passes in two steps against 327 in one.
    ReedSolomon portable = ReedSolomon.of(CodingMatrix.CAUCHY, 17, 3, CodingLoop.INSTANCE);
    assertThat(portable.rebuildsDataInTwoSteps(present)).isTrue();
    // 4+2 with data shards 0-1 lost: one step is cheaper (50 against 58 passes).
    boolean[] small = {false, false, true, true, true, true};
    assertThat(
            ReedSolomon.of(CodingMatrix.CAUCHY, 4, 2, CodingLoop.INSTANCE)
                .rebuildsDataInTwoSteps(small))
        .isFalse();
    Kernel vector = Kernels.loadVector();
    if (vector != null) {
      assertThat(ReedSolomon.of(CodingMatrix.CAUCHY, 17, 3, vector).rebuildsDataInTwoSteps(present))
          .isFalse();
    }
  }

  @Test
  void portableRebuild_givesTheEncodedData_whicheverDecodeItChooses() {
    qt().withExamples(150)
        .forAll(integers().between(1, 40), integers().between(1, 6), longs().all())
        .checkAssert(
            (k, m, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              CodingMatrix construction = CodingMatrix.values()[random.nextInt(2)];
              ReedSolomon rs = ReedSolomon.of(construction, k, m, CodingLoop.INSTANCE);
              int size = random.nextInt(700);
              int offset = random.nextInt(9);
              byte[][] expected = new byte[k + m][offset + size + random.nextInt(3)];
              for (int j = 0; j < k; j++) {
                random.nextBytes(expected[j]);
              }
              rs.encode(expected);
              boolean[] present = new boolean[k + m];
              Arrays.fill(present, true);
              // Lose up to m shards, mostly data: the two-step decode needs data lost.
              for (int e = 1 + random.nextInt(m); e > 0; e--) {
                present[random.nextInt(random.nextInt(4) == 0 ? k + m : k)] = false;
              }
              byte[][] shards = ReedSolomonModel.copy(expected);
              for (int i = 0; i < k + m; i++) {
                if (!present[i]) {
                  random.nextBytes(shards[i]);
                }
              }
              byte[][] damaged = ReedSolomonModel.copy(shards);
              rs.reconstructData(shards, present, offset, size);
              for (int i = 0; i < k + m; i++) {
                byte[] want = i < k || present[i] ? expected[i] : damaged[i];
                assertThat(Arrays.copyOfRange(shards[i], offset, offset + size))
                    .as("shard %d", i)
                    .isEqualTo(Arrays.copyOfRange(want, offset, offset + size));
              }

              ByteBuffer[] buffers = new ByteBuffer[k + m];
              for (int i = 0; i < k + m; i++) {
                ByteBuffer b =
                    random.nextBoolean()
                        ? ByteBuffer.allocateDirect(size)
                        : ByteBuffer.allocate(size);
                buffers[i] = b.put(damaged[i], offset, size).flip();
              }
              rs.reconstruct(buffers, present);
              for (int i = 0; i < k + m; i++) {
                byte[] got = new byte[size];
                buffers[i].duplicate().get(got);
                assertThat(got)
                    .as("buffer %d", i)
                    .isEqualTo(Arrays.copyOfRange(expected[i], offset, offset + size));
              }
            });
  }
}
