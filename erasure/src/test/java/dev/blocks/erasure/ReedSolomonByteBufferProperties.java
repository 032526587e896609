package dev.blocks.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReedSolomonByteBufferProperties {

  /** Wraps each shard in a heap or direct buffer, at a random position, in a random byte order. */
  private static ByteBuffer[] buffers(byte[][] shards, SplittableRandom random) {
    ByteBuffer[] buffers = new ByteBuffer[shards.length];
    for (int i = 0; i < shards.length; i++) {
      int pad = random.nextInt(9);
      ByteBuffer b =
          random.nextBoolean()
              ? ByteBuffer.allocateDirect(pad + shards[i].length + 3)
              : ByteBuffer.allocate(pad + shards[i].length + 3);
      b.order(random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      b.position(pad);
      b.put(shards[i]);
      b.position(pad).limit(pad + shards[i].length);
      buffers[i] = b;
    }
    return buffers;
  }

  private static byte[] content(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  @Test
  void byteBufferEncodeAndReconstruct_matchTheArrayPath_andKeepPositions() {
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
              byte[][] expected = ReedSolomonModel.encoded(rs, size, random);
              byte[][] input = ReedSolomonModel.copy(expected);
              for (int p = k; p < k + m; p++) {
                Arrays.fill(input[p], (byte) 0x77);
              }
              ByteBuffer[] buffers = buffers(input, random);
              int[] positions = Arrays.stream(buffers).mapToInt(ByteBuffer::position).toArray();

              rs.encode(buffers);

              for (int i = 0; i < k + m; i++) {
                assertThat(buffers[i].position()).isEqualTo(positions[i]);
                assertThat(content(buffers[i])).as("shard %d", i).isEqualTo(expected[i]);
              }

              assertThat(rs.verify(buffers)).isTrue();
              if (m > 0 && size > 0) {
                ByteBuffer victim = buffers[random.nextInt(k + m)];
                int at = victim.position() + random.nextInt(size);
                byte saved = victim.get(at);
                victim.put(at, (byte) (saved ^ (1 + random.nextInt(255))));
                assertThat(rs.verify(buffers)).isFalse();
                victim.put(at, saved);
              }

              boolean[] present = new boolean[k + m];
              Arrays.fill(present, true);
              for (int e = random.nextInt(m + 1); e > 0; e--) {
                int lost = random.nextInt(k + m);
                present[lost] = false;
                ByteBuffer b = buffers[lost].duplicate();
                while (b.hasRemaining()) {
                  b.put((byte) 0x11);
                }
              }
              rs.reconstruct(buffers, present);
              for (int i = 0; i < k + m; i++) {
                assertThat(content(buffers[i])).as("rebuilt shard %d", i).isEqualTo(expected[i]);
              }
            });
  }

  @Test
  void readOnlyOutput_orUnequalRemaining_isRejected_andNothingIsWritten() {
    ReedSolomon rs = ReedSolomon.vandermonde(2, 1);
    ByteBuffer[] shards = {
      ByteBuffer.wrap(new byte[] {1, 2}),
      ByteBuffer.wrap(new byte[] {3, 4}),
      ByteBuffer.wrap(new byte[2]).asReadOnlyBuffer()
    };
    assertThatThrownBy(() -> rs.encode(shards))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shards[2] is written, so it must not be read-only");
    ByteBuffer[] unequal = {
      ByteBuffer.allocate(2), ByteBuffer.allocateDirect(3), ByteBuffer.allocate(2)
    };
    assertThatThrownBy(() -> rs.encode(unequal))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shards[1].remaining() must equal shards[0].remaining() = 2, got 3");
    assertThat(unequal[2].array()).containsExactly(0, 0);
  }
}
