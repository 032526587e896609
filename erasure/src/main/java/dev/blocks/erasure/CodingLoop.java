package dev.blocks.erasure;

/**
 * The portable coding kernel: multiplies a coefficient matrix by a set of input shards and writes
 * the products to a set of output shards, {@code out[o] = sum_j coef[o][j] * in[j]} over GF(2^8).
 *
 * <p>The shards are processed in blocks of a few KiB so that the output blocks stay in the L1 cache
 * while every input streams through once. Within a block each input byte is loaded once per group
 * of up to four outputs and multiplied by table lookup (one 256-byte row of {@link GaloisField#MUL}
 * per coefficient), the first input assigns its products (no zero-fill pass) and the others add
 * theirs. Nothing allocates.
 *
 * <p>Thread-safety: stateless.
 */
final class CodingLoop {

  /** Bytes of output kept hot per block, summed over all outputs. */
  private static final int BLOCK_BUDGET = 16 * 1024;

  private static final int MAX_BLOCK = 4 * 1024;

  private static final int MIN_BLOCK = 256;

  private CodingLoop() {}

  static int blockSize(int outputs) {
    int block = BLOCK_BUDGET / Math.max(1, outputs);
    return Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, block));
  }

  /**
   * Computes {@code outShards[outputs[o]][outOffset + i] = sum_j rows[o * inputs.length + j] *
   * inShards[inputs[j]][inOffset + i]} for {@code i < length} and {@code o < outputCount}.
   *
   * <p>Output arrays must be distinct from the input arrays.
   *
   * @param rows multiplication-table rows ({@code GaloisField.MUL[coef]}), row-major
   */
  static void code(
      byte[][] rows,
      byte[][] inShards,
      int[] inputs,
      int inOffset,
      byte[][] outShards,
      int[] outputs,
      int outputCount,
      int outOffset,
      int length) {
    int inCount = inputs.length;
    int block = blockSize(outputCount);
    int end = inOffset + length;
    int delta = outOffset - inOffset;
    byte[][] shards = outShards;
    for (int from = inOffset; from < end; from += block) {
      int to = Math.min(end, from + block);
      for (int j = 0; j < inCount; j++) {
        byte[] in = inShards[inputs[j]];
        boolean first = j == 0;
        for (int o = 0; o < outputCount; o += 4) {
          int group = Math.min(4, outputCount - o);
          int r = o * inCount + j;
          switch (group) {
            case 4:
              mul4(
                  first,
                  in,
                  shards[outputs[o]],
                  shards[outputs[o + 1]],
                  shards[outputs[o + 2]],
                  shards[outputs[o + 3]],
                  rows[r],
                  rows[r + inCount],
                  rows[r + 2 * inCount],
                  rows[r + 3 * inCount],
                  from,
                  to,
                  delta);
              break;
            case 3:
              mul3(
                  first,
                  in,
                  shards[outputs[o]],
                  shards[outputs[o + 1]],
                  shards[outputs[o + 2]],
                  rows[r],
                  rows[r + inCount],
                  rows[r + 2 * inCount],
                  from,
                  to,
                  delta);
              break;
            case 2:
              mul2(
                  first,
                  in,
                  shards[outputs[o]],
                  shards[outputs[o + 1]],
                  rows[r],
                  rows[r + inCount],
                  from,
                  to,
                  delta);
              break;
            default:
              mul1(first, in, shards[outputs[o]], rows[r], from, to, delta);
              break;
          }
        }
      }
    }
  }

  private static void mul1(
      boolean first, byte[] in, byte[] d0, byte[] t0, int from, int to, int delta) {
    if (first) {
      for (int i = from; i < to; i++) {
        d0[i + delta] = t0[in[i] & 0xff];
      }
    } else {
      for (int i = from; i < to; i++) {
        d0[i + delta] ^= t0[in[i] & 0xff];
      }
    }
  }

  private static void mul2(
      boolean first,
      byte[] in,
      byte[] d0,
      byte[] d1,
      byte[] t0,
      byte[] t1,
      int from,
      int to,
      int delta) {
    if (first) {
      for (int i = from; i < to; i++) {
        int x = in[i] & 0xff;
        d0[i + delta] = t0[x];
        d1[i + delta] = t1[x];
      }
    } else {
      for (int i = from; i < to; i++) {
        int x = in[i] & 0xff;
        d0[i + delta] ^= t0[x];
        d1[i + delta] ^= t1[x];
      }
    }
  }

  private static void mul3(
      boolean first,
      byte[] in,
      byte[] d0,
      byte[] d1,
      byte[] d2,
      byte[] t0,
      byte[] t1,
      byte[] t2,
      int from,
      int to,
      int delta) {
    if (first) {
      for (int i = from; i < to; i++) {
        int x = in[i] & 0xff;
        d0[i + delta] = t0[x];
        d1[i + delta] = t1[x];
        d2[i + delta] = t2[x];
      }
    } else {
      for (int i = from; i < to; i++) {
        int x = in[i] & 0xff;
        d0[i + delta] ^= t0[x];
        d1[i + delta] ^= t1[x];
        d2[i + delta] ^= t2[x];
      }
    }
  }

  private static void mul4(
      boolean first,
      byte[] in,
      byte[] d0,
      byte[] d1,
      byte[] d2,
      byte[] d3,
      byte[] t0,
      byte[] t1,
      byte[] t2,
      byte[] t3,
      int from,
      int to,
      int delta) {
    if (first) {
      for (int i = from; i < to; i++) {
        int x = in[i] & 0xff;
        d0[i + delta] = t0[x];
        d1[i + delta] = t1[x];
        d2[i + delta] = t2[x];
        d3[i + delta] = t3[x];
      }
    } else {
      for (int i = from; i < to; i++) {
        int x = in[i] & 0xff;
        d0[i + delta] ^= t0[x];
        d1[i + delta] ^= t1[x];
        d2[i + delta] ^= t2[x];
        d3[i + delta] ^= t3[x];
      }
    }
  }
}
