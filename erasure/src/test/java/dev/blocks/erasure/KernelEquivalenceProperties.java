package dev.blocks.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vector kernel and the portable kernel give byte-identical results for every operation, on
 * byte arrays and on heap (with a non-zero array offset), read-only and direct buffers, at odd
 * lengths and offsets, including lengths that cross the vector kernel's 4 KiB block and its
 * sub-vector tail, and more than four outputs (several output groups). Runs where the vector kernel
 * can be loaded (the JDK 21+ build); {@link CodingPathTest} makes sure that it is there.
 */
class KernelEquivalenceProperties {

  private static Kernel vector;

  @BeforeAll
  static void loadVector() {
    vector = Kernels.loadVector();
  }

  private static int size(SplittableRandom random) {
    switch (random.nextInt(4)) {
      case 0:
        return random.nextInt(64);
      case 1:
        return random.nextInt(600);
      default:
        return random.nextInt(9000);
    }
  }

  private static byte[][] randomShards(int n, int length, SplittableRandom random) {
    byte[][] shards = new byte[n][length];
    for (byte[] shard : shards) {
      random.nextBytes(shard);
    }
    return shards;
  }

  private static boolean[] randomPresent(int k, int m, SplittableRandom random) {
    boolean[] present = new boolean[k + m];
    Arrays.fill(present, true);
    for (int e = random.nextInt(m + 1); e > 0; e--) {
      present[random.nextInt(k + m)] = false;
    }
    return present;
  }

  @Test
  void manyMatricesInTurn_oneThread_identicalOnBothPaths() {
    // More matrices than the vector kernel keeps tables for, used in a random order by one thread:
    // every call must use its own matrix's tables, whether cached or rebuilt.
    assumeTrue(vector != null, "the vector kernel exists only in a JDK 21+ build");
    qt().withExamples(30)
        .forAll(integers().between(1, 8), longs().all())
        .checkAssert(
            (count, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              int inputs = 1 + random.nextInt(6);
              int outputs = 1 + random.nextInt(5);
              int[][] matrices = new int[count][inputs * outputs];
              for (int[] matrix : matrices) {
                for (int i = 0; i < matrix.length; i++) {
                  matrix[i] = random.nextInt(256);
                }
              }
              int length = 1 + random.nextInt(700);
              byte[][] in = randomShards(inputs, length, random);
              int[] inIndices = new int[inputs];
              Arrays.setAll(inIndices, i -> i);
              int[] outIndices = new int[outputs];
              Arrays.setAll(outIndices, i -> i);
              for (int call = 0; call < 40; call++) {
                int[] matrix = matrices[random.nextInt(count)];
                byte[][] fast = new byte[outputs][length];
                byte[][] slow = new byte[outputs][length];
                vector.code(matrix, in, inIndices, 0, fast, outIndices, outputs, 0, length);
                CodingLoop.INSTANCE.code(
                    matrix, in, inIndices, 0, slow, outIndices, outputs, 0, length);
                assertThat(fast).as("call %d", call).isDeepEqualTo(slow);
              }
            });
  }

  @Test
  void byteArrays_encodeVerifyReconstructUpdate_identicalOnBothPaths() {
    assumeTrue(vector != null, "the vector kernel exists only in a JDK 21+ build");
    qt().withExamples(120)
        .forAll(integers().between(1, 20), integers().between(0, 9), longs().all())
        .checkAssert(
            (k, m, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              CodingMatrix construction = CodingMatrix.values()[random.nextInt(2)];
              ReedSolomon fast = ReedSolomon.of(construction, k, m, vector);
              ReedSolomon slow = ReedSolomon.of(construction, k, m, CodingLoop.INSTANCE);
              int size = size(random);
              int offset = random.nextInt(70);
              int total = offset + size + random.nextInt(5);
              byte[][] a = randomShards(k + m, total, random);
              byte[][] b = ReedSolomonModel.copy(a);

              fast.encode(a, offset, size);
              slow.encode(b, offset, size);
              assertThat(a).as("encode").isDeepEqualTo(b);
              assertThat(fast.verify(a, offset, size)).isTrue();
              if (m > 0 && size > 0) {
                int victim = random.nextInt(k + m);
                a[victim][offset + random.nextInt(size)] ^= (byte) (1 + random.nextInt(255));
                assertThat(fast.verify(a, offset, size)).isEqualTo(slow.verify(a, offset, size));
                assertThat(fast.verify(a, offset, size)).isFalse();
                a = ReedSolomonModel.copy(b);
              }

              boolean[] present = randomPresent(k, m, random);
              for (int i = 0; i < k + m; i++) {
                if (!present[i]) {
                  random.nextBytes(a[i]);
                  b[i] = a[i].clone();
                }
              }
              switch (random.nextInt(3)) {
                case 0:
                  fast.reconstruct(a, present, offset, size);
                  slow.reconstruct(b, present, offset, size);
                  break;
                case 1:
                  fast.reconstructData(a, present, offset, size);
                  slow.reconstructData(b, present, offset, size);
                  break;
                default:
                  boolean[] wanted = new boolean[k + m];
                  for (int i = 0; i < k + m; i++) {
                    wanted[i] = random.nextBoolean();
                  }
                  fast.reconstruct(a, present, wanted, offset, size);
                  slow.reconstruct(b, present, wanted, offset, size);
                  break;
              }
              assertThat(a).as("reconstruct").isDeepEqualTo(b);

              slow.encode(b, offset, size);
              a = ReedSolomonModel.copy(b);
              int changed = random.nextInt(k);
              byte[] newData = new byte[total];
              random.nextBytes(newData);
              fast.update(a, changed, newData, offset, size);
              slow.update(b, changed, newData, offset, size);
              assertThat(a).as("update").isDeepEqualTo(b);
            });
  }

  /** Buffer kinds: 0 heap slice (non-zero array offset), 1 direct, 2 read-only heap. */
  private static ByteBuffer[] buffers(byte[][] shards, int[] kinds, int pad) {
    ByteBuffer[] buffers = new ByteBuffer[shards.length];
    for (int i = 0; i < shards.length; i++) {
      ByteBuffer b;
      if (kinds[i] == 1) {
        b = ByteBuffer.allocateDirect(pad + shards[i].length);
      } else {
        b =
            ByteBuffer.wrap(new byte[pad + 3 + shards[i].length], 3, pad + shards[i].length)
                .slice();
      }
      b.position(pad);
      b.put(shards[i]);
      b.position(pad);
      buffers[i] = kinds[i] == 2 ? b.asReadOnlyBuffer() : b;
    }
    return buffers;
  }

  private static byte[][] contents(ByteBuffer[] buffers) {
    byte[][] out = new byte[buffers.length][];
    for (int i = 0; i < buffers.length; i++) {
      out[i] = new byte[buffers[i].remaining()];
      buffers[i].duplicate().get(out[i]);
    }
    return out;
  }

  @Test
  void byteBuffers_encodeVerifyReconstructUpdate_identicalOnBothPaths() {
    assumeTrue(vector != null, "the vector kernel exists only in a JDK 21+ build");
    qt().withExamples(120)
        .forAll(integers().between(1, 20), integers().between(0, 9), longs().all())
        .checkAssert(
            (k, m, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              CodingMatrix construction = CodingMatrix.values()[random.nextInt(2)];
              ReedSolomon fast = ReedSolomon.of(construction, k, m, vector);
              ReedSolomon slow = ReedSolomon.of(construction, k, m, CodingLoop.INSTANCE);
              int size = size(random);
              int pad = random.nextInt(70);
              byte[][] data = randomShards(k + m, size, random);
              // Encode: data may be read-only; parity is heap or direct.
              int[] kinds = new int[k + m];
              for (int i = 0; i < k + m; i++) {
                kinds[i] = random.nextInt(i < k ? 3 : 2);
              }
              ByteBuffer[] a = buffers(data, kinds, pad);
              ByteBuffer[] b = buffers(data, kinds, pad);
              fast.encode(a);
              slow.encode(b);
              assertThat(contents(a)).as("encode").isDeepEqualTo(contents(b));
              assertThat(fast.verify(a)).isTrue();
              assertThat(a[0].position()).isEqualTo(pad);

              // Reconstruct and update write any shard: heap or direct only.
              byte[][] encoded = contents(b);
              for (int i = 0; i < k + m; i++) {
                kinds[i] = random.nextInt(2);
              }
              boolean[] present = randomPresent(k, m, random);
              byte[][] damaged = ReedSolomonModel.copy(encoded);
              for (int i = 0; i < k + m; i++) {
                if (!present[i]) {
                  random.nextBytes(damaged[i]);
                }
              }
              a = buffers(damaged, kinds, pad);
              b = buffers(damaged, kinds, pad);
              if (random.nextBoolean()) {
                fast.reconstruct(a, present);
                slow.reconstruct(b, present);
              } else {
                fast.reconstructData(a, present);
                slow.reconstructData(b, present);
              }
              assertThat(contents(a)).as("reconstruct").isDeepEqualTo(contents(b));

              a = buffers(encoded, kinds, pad);
              b = buffers(encoded, kinds, pad);
              int changed = random.nextInt(k);
              byte[] newData = new byte[size];
              random.nextBytes(newData);
              ByteBuffer newBuffer =
                  random.nextBoolean()
                      ? ByteBuffer.wrap(newData).asReadOnlyBuffer()
                      : ByteBuffer.allocateDirect(size).put(newData).flip();
              fast.update(a, changed, newBuffer);
              slow.update(b, changed, newBuffer);
              assertThat(contents(a)).as("update").isDeepEqualTo(contents(b));
            });
  }
}
