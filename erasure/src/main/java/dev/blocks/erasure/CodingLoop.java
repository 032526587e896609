package dev.blocks.erasure;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The portable coding kernel: multiplies a coefficient matrix by a set of input shards and writes
 * the products to a set of output shards, {@code out[o] = sum_j coef[o][j] * in[j]} over GF(2^8).
 *
 * <p>Multiplication by a constant is linear over the bits of the multiplier: {@code c * x = XOR
 * over the set bits b of c of (2^b * x)}. So instead of one table lookup per byte and output, the
 * kernel computes the eight "doublings" {@code 2^b * x} of a block of input once (eight bytes per
 * {@code long}, the carry of each byte folded back with the polynomial 0x1d), and adds to every
 * output the doublings its coefficient selects. Every inner loop is a plain element-wise loop over
 * {@code long[]} (shift, and, xor), which C2 compiles to SIMD instructions on JDK 17 and later,
 * with no incubator module. The work per block and input is seven doubling passes shared by all
 * outputs plus {@code popcount(coef)} XOR passes per output, against one lookup per byte and output
 * for a table coder.
 *
 * <p>Shards are processed in blocks of at most 4 KiB: each input block is read once, converted to
 * {@code long}s, doubled in place and XORed into {@code m} accumulator blocks kept in L1; the
 * accumulators are written to the outputs once per block. The scratch arrays belong to the calling
 * thread (a {@link ThreadLocal} allocated on first use), so a call allocates nothing afterwards.
 *
 * <p>Reference: the bit-matrix view of GF(2^w) multiplication of J. Blömer et al., "An XOR-Based
 * Erasure-Resilient Coding Scheme" (ICSI TR-95-048, 1995), applied to byte-wise (not bit-sliced)
 * shards so that the output stays byte-identical to table coders.
 *
 * <p>This is {@link CodingPath#PORTABLE}; see {@link Kernel} for the contract.
 *
 * <p>Thread-safety: stateless apart from per-thread scratch.
 */
final class CodingLoop extends Kernel {

  /** The one instance. */
  static final CodingLoop INSTANCE = new CodingLoop();

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_CLEARED = 0xfefefefefefefefeL;

  /** Bytes of scratch per block, summed over the blocks kept (inputs or outputs). */
  private static final int BLOCK_BUDGET = 24 * 1024;

  private static final int MAX_BLOCK = 4 * 1024;

  private static final int MIN_BLOCK = 256;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** One thread's working memory: the doubled input plane and the output accumulators. */
  private static final class Scratch {
    private long[] planes = new long[0];
    private long[] acc = new long[0];

    long[] planes(int size) {
      if (planes.length < size) {
        planes = new long[size];
      }
      return planes;
    }

    long[] acc(int size) {
      if (acc.length < size) {
        acc = new long[size];
      }
      return acc;
    }
  }

  private CodingLoop() {}

  @Override
  CodingPath path() {
    return CodingPath.PORTABLE;
  }

  @Override
  int vectorBits() {
    return Long.SIZE;
  }

  /**
   * Returns the number of passes over a block (doublings plus XORs) this kernel makes for the first
   * {@code rows} rows of a row-major {@code cols}-column coefficient matrix: per input, its highest
   * used bit's doublings and one XOR per set coefficient bit.
   */
  static int passes(int[] coefficients, int rows, int cols) {
    int total = 0;
    for (int j = 0; j < cols; j++) {
      int used = 0;
      for (int o = 0; o < rows; o++) {
        used |= coefficients[o * cols + j];
        total += Integer.bitCount(coefficients[o * cols + j]);
      }
      if (used != 0) {
        total += 31 - Integer.numberOfLeadingZeros(used);
      }
    }
    return total;
  }

  /** Block size in bytes for {@code outputs} accumulators: a multiple of 8. */
  static int blockSize(int outputs) {
    int block = BLOCK_BUDGET / Math.max(1, outputs);
    return Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, block)) & ~7;
  }

  /**
   * Doubles each input block in place and adds it to the outputs whose coefficient selects that
   * doubling: at most seven doublings per input plus one XOR per set coefficient bit.
   */
  @Override
  void codeByInputs(
      int[] coefficients,
      Object[] inShards,
      int[] inputs,
      int[] inOffsets,
      int inOffset,
      Object[] outShards,
      int[] outputs,
      int outputCount,
      int[] outOffsets,
      int outOffset,
      int length) {
    int inCount = inputs.length;
    int block = blockSize(outputCount);
    int words = block >>> 3;
    Scratch scratch = SCRATCH.get();
    long[] plane = scratch.planes(words);
    long[] acc = scratch.acc(words * outputCount);
    // Accumulator o is acc[o * words, (o + 1) * words).
    for (int from = 0; from < length; from += block) {
      int n = Math.min(block, length - from);
      int w = (n + 7) >>> 3;
      Arrays.fill(acc, 0, words * outputCount, 0L);
      for (int j = 0; j < inCount; j++) {
        int used = 0;
        for (int o = 0; o < outputCount; o++) {
          used |= coefficients[o * inCount + j];
        }
        if (used == 0) {
          continue;
        }
        int in = inputs[j];
        int at = (inOffsets == null ? 0 : inOffsets[in]) + inOffset + from;
        load(inShards[in], at, n, plane, 0);
        for (int bit = 0; ; bit++) {
          int mask = 1 << bit;
          for (int o = 0; o < outputCount; o++) {
            if ((coefficients[o * inCount + j] & mask) != 0) {
              xorInto(acc, o * words, plane, w);
            }
          }
          if ((used >>> (bit + 1)) == 0) {
            break;
          }
          timesTwo(plane, w);
        }
      }
      for (int o = 0; o < outputCount; o++) {
        int out = outputs[o];
        int at = (outOffsets == null ? 0 : outOffsets[out]) + outOffset + from;
        store(acc, o * words, outShards[out], at, n);
      }
    }
  }

  /** Copies {@code n} bytes of {@code src} from {@code offset} into {@code plane[0, (n+7)/8)}. */
  private static void load(Object src, int offset, int n, long[] plane, int at) {
    if (src instanceof byte[]) {
      load((byte[]) src, offset, n, plane, at);
    } else {
      load((ByteBuffer) src, offset, n, plane, at);
    }
  }

  /**
   * Buffer words are read and written little-endian whatever the buffer's order, so that byte lane
   * {@code b} of a word is the byte at {@code offset + b} in every shard.
   */
  private static void load(ByteBuffer src, int offset, int n, long[] plane, int at) {
    int full = n >>> 3;
    boolean swap = src.order() == ByteOrder.BIG_ENDIAN;
    for (int i = 0; i < full; i++) {
      long v = src.getLong(offset + (i << 3));
      plane[at + i] = swap ? Long.reverseBytes(v) : v;
    }
    int rest = n & 7;
    if (rest != 0) {
      long v = 0;
      int base = offset + (full << 3);
      for (int b = 0; b < rest; b++) {
        v |= (src.get(base + b) & 0xffL) << (b << 3);
      }
      plane[at + full] = v;
    }
  }

  private static void store(long[] acc, int accOffset, ByteBuffer dst, int offset, int n) {
    int full = n >>> 3;
    boolean swap = dst.order() == ByteOrder.BIG_ENDIAN;
    for (int i = 0; i < full; i++) {
      long v = acc[accOffset + i];
      dst.putLong(offset + (i << 3), swap ? Long.reverseBytes(v) : v);
    }
    int rest = n & 7;
    if (rest != 0) {
      long v = acc[accOffset + full];
      int base = offset + (full << 3);
      for (int b = 0; b < rest; b++) {
        dst.put(base + b, (byte) (v >>> (b << 3)));
      }
    }
  }

  private static void store(long[] acc, int accOffset, Object dst, int offset, int n) {
    if (dst instanceof byte[]) {
      store(acc, accOffset, (byte[]) dst, offset, n);
    } else {
      store(acc, accOffset, (ByteBuffer) dst, offset, n);
    }
  }

  private static void load(byte[] src, int offset, int n, long[] plane, int at) {
    int full = n >>> 3;
    for (int i = 0; i < full; i++) {
      plane[at + i] = (long) LONGS.get(src, offset + (i << 3));
    }
    int rest = n & 7;
    if (rest != 0) {
      long v = 0;
      int base = offset + (full << 3);
      for (int b = 0; b < rest; b++) {
        v |= (src[base + b] & 0xffL) << (b << 3);
      }
      plane[at + full] = v;
    }
  }

  private static void store(long[] acc, int accOffset, byte[] dst, int offset, int n) {
    int full = n >>> 3;
    for (int i = 0; i < full; i++) {
      LONGS.set(dst, offset + (i << 3), acc[accOffset + i]);
    }
    int rest = n & 7;
    if (rest != 0) {
      long v = acc[accOffset + full];
      int base = offset + (full << 3);
      for (int b = 0; b < rest; b++) {
        dst[base + b] = (byte) (v >>> (b << 3));
      }
    }
  }

  /** {@code acc[accOffset + i] ^= plane[i]} for {@code i < w}: vectorised by C2. */
  private static void xorInto(long[] acc, int accOffset, long[] plane, int w) {
    for (int i = 0; i < w; i++) {
      acc[accOffset + i] ^= plane[i];
    }
  }

  /** Multiplies each of the {@code 8 w} bytes of the plane by 2 in GF(2^8): vectorised by C2. */
  private static void timesTwo(long[] plane, int w) {
    for (int i = 0; i < w; i++) {
      plane[i] = twice(plane[i]);
    }
  }

  /** Multiplies each of the eight bytes of {@code x} by 2 in GF(2^8) (polynomial 0x11d). */
  private static long twice(long x) {
    long carry = (x >>> 7) & LOW_BITS;
    return ((x << 1) & HIGH_CLEARED) ^ (carry << 4) ^ (carry << 3) ^ (carry << 2) ^ carry;
  }
}
