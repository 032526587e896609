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

  private static byte[][] contents(ByteBuffer[] buffers) {
    byte[][] out = new byte[buffers.length][];
    for (int i = 0; i < buffers.length; i++) {
      out[i] = content(buffers[i]);
    }
    return out;
  }

  private static void assertPositionsKept(ByteBuffer[] buffers, int[] positions, int[] limits) {
    for (int i = 0; i < buffers.length; i++) {
      assertThat(buffers[i].position()).as("position %d", i).isEqualTo(positions[i]);
      assertThat(buffers[i].limit()).as("limit %d", i).isEqualTo(limits[i]);
    }
  }

  @Test
  void byteBufferUpdate_equalsArrayUpdate_equalsFullReencode() {
    qt().withExamples(120)
        .forAll(
            integers().between(1, 12),
            integers().between(0, 5),
            integers().between(0, 3000),
            longs().all())
        .checkAssert(
            (k, m, size, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              ReedSolomon rs = ReedSolomon.of(CodingMatrix.values()[random.nextInt(2)], k, m);
              byte[][] shards = ReedSolomonModel.encoded(rs, size, random);
              int victim = random.nextInt(k);
              byte[] newData = new byte[size];
              random.nextBytes(newData);

              byte[][] expected = ReedSolomonModel.copy(shards);
              expected[victim] = newData.clone();
              byte[][] parity = ReedSolomonModel.parity(rs, expected, 0, size);
              System.arraycopy(parity, 0, expected, k, m);

              byte[][] arrays = ReedSolomonModel.copy(shards);
              rs.update(arrays, victim, newData.clone());

              ByteBuffer[] buffers = buffers(shards, random);
              ByteBuffer newBuffer = buffers(new byte[][] {newData}, random)[0];
              ByteBuffer[] all = Arrays.copyOf(buffers, k + m + 1);
              all[k + m] = newBuffer;
              int[] positions = Arrays.stream(all).mapToInt(ByteBuffer::position).toArray();
              int[] limits = Arrays.stream(all).mapToInt(ByteBuffer::limit).toArray();

              rs.update(buffers, victim, newBuffer);

              assertPositionsKept(all, positions, limits);
              assertThat(content(newBuffer)).isEqualTo(newData);
              assertThat(contents(buffers)).isDeepEqualTo(arrays).isDeepEqualTo(expected);
            });
  }

  @Test
  void byteBufferSubsetReconstruct_equalsArraySubsetReconstruct() {
    qt().withExamples(120)
        .forAll(
            integers().between(1, 12),
            integers().between(1, 5),
            integers().between(0, 3000),
            longs().all())
        .checkAssert(
            (k, m, size, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              ReedSolomon rs = ReedSolomon.of(CodingMatrix.values()[random.nextInt(2)], k, m);
              byte[][] original = ReedSolomonModel.encoded(rs, size, random);
              boolean[] present = ReedSolomonModel.randomPresent(k + m, m, random);
              boolean[] wanted = new boolean[k + m];
              byte[][] damaged = ReedSolomonModel.copy(original);
              for (int i = 0; i < k + m; i++) {
                wanted[i] = random.nextBoolean();
                if (!present[i]) {
                  random.nextBytes(damaged[i]);
                }
              }

              byte[][] arrays = ReedSolomonModel.copy(damaged);
              rs.reconstruct(arrays, present, wanted, 0, size);

              ByteBuffer[] buffers = buffers(damaged, random);
              int[] positions = Arrays.stream(buffers).mapToInt(ByteBuffer::position).toArray();
              int[] limits = Arrays.stream(buffers).mapToInt(ByteBuffer::limit).toArray();

              rs.reconstruct(buffers, present, wanted);

              assertPositionsKept(buffers, positions, limits);
              assertThat(contents(buffers)).isDeepEqualTo(arrays);
              for (int i = 0; i < k + m; i++) {
                byte[] want = !present[i] && wanted[i] ? original[i] : damaged[i];
                assertThat(content(buffers[i])).as("shard %d", i).isEqualTo(want);
              }
            });
  }

  @Test
  void updateAndSubsetReconstruct_badArguments_nameTheValue_andChangeNothing() {
    qt().withExamples(40)
        .forAll(integers().between(0, 7), longs().all())
        .checkAssert(
            (which, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              ReedSolomon rs = ReedSolomon.cauchy(3, 2);
              byte[][] original = ReedSolomonModel.encoded(rs, 8, random);
              ByteBuffer[] shards = buffers(original, random);
              ByteBuffer newData = buffers(new byte[][] {new byte[8]}, random)[0];
              boolean[] allPresent = {true, true, true, true, true};
              boolean[] twoLost = {false, true, true, false, true};
              boolean[] all = {true, true, true, true, true};
              String message;
              Runnable call;
              switch (which) {
                case 0:
                  int bad = random.nextBoolean() ? 3 + random.nextInt(100) : -1 - random.nextInt(9);
                  call = () -> rs.update(shards, bad, newData);
                  message = "dataShard must be in [0, 2], got " + bad;
                  break;
                case 1:
                  newData.limit(newData.limit() - 1);
                  call = () -> rs.update(shards, 1, newData);
                  message = "newData.remaining() must equal the shards' remaining() 8, got 7";
                  break;
                case 2:
                  call = () -> rs.update(shards, 0, shards[4]);
                  message = "newData must not be the same buffer as shards[4]";
                  break;
                case 3:
                  shards[3] = shards[3].asReadOnlyBuffer();
                  call = () -> rs.update(shards, 0, newData);
                  message = "shards[3] is written, so it must not be read-only";
                  break;
                case 4:
                  call = () -> rs.reconstruct(shards, allPresent, new boolean[4]);
                  message = "wanted.length must be k + m = 5, got 4";
                  break;
                case 5:
                  call = () -> rs.reconstruct(shards, new boolean[6], all);
                  message = "present.length must be k + m = 5, got 6";
                  break;
                case 6:
                  call =
                      () ->
                          rs.reconstruct(
                              shards, new boolean[] {false, false, false, true, true}, all);
                  message = "present shards must be >= dataShards = 3, got 2 (missing: [0, 1, 2])";
                  break;
                default:
                  shards[0] = shards[0].asReadOnlyBuffer();
                  call = () -> rs.reconstruct(shards, twoLost, all);
                  message = "shards[0] is written, so it must not be read-only";
                  break;
              }
              assertThatThrownBy(call::run)
                  .isInstanceOf(IllegalArgumentException.class)
                  .hasMessage(message);
              assertThat(contents(shards)).isDeepEqualTo(original);
            });
  }
}
