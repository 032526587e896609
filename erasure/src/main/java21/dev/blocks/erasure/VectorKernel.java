package dev.blocks.erasure;

import java.nio.ByteBuffer;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector coding kernel ({@link CodingPath#VECTOR}): split-nibble table lookup with the JDK
 * Vector API. Compiled only by JDK 21+ builds, into {@code META-INF/versions/21} of the
 * multi-release jar; {@link Kernels} loads it by name after checking that {@code
 * jdk.incubator.vector} is present.
 *
 * <p>Multiplying a byte {@code x} by a constant {@code c} is linear, so {@code c * x = c * (x &
 * 0x0f) xor c * (x & 0xf0)}: two lookups in 16-entry tables. Each table is replicated across a
 * vector and indexed by the nibbles of a whole vector of input bytes with one {@code selectFrom} (a
 * byte permute such as {@code vpermb} or {@code vpshufb}). The kernel walks the shards two vectors
 * at a time and, for up to four outputs at once, XORs the products of every input into eight
 * accumulators held in registers: each input vector is loaded and split once per group of four
 * outputs, each table loaded once per two vectors, and each output stored once. This is the
 * technique of ISA-L's {@code gf_vect_dot_prod} and of J. S. Plank, K. M. Greenan and E. L. Miller,
 * "Screaming Fast Galois Field Arithmetic Using Intel SIMD Instructions" (FAST 2013).
 *
 * <p>Byte arrays and array-backed buffers are read and written in place; other buffers (direct or
 * read-only) go through per-thread staging blocks. The tail shorter than one vector is coded by
 * {@link CodingLoop}. See {@link Kernel} for the contract.
 *
 * <p>Thread-safety: stateless apart from per-thread scratch.
 */
final class VectorKernel extends Kernel {

  private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;

  /** Bytes per vector. */
  private static final int V = SPECIES.length();

  /** Bytes per block: staging buffers hold one block per shard. A multiple of every V. */
  private static final int BLOCK = 4096;

  /** Mask of a nibble. */
  private static final byte LOW = 0x0f;

  /** Outputs updated per pass over the inputs. */
  private static final int GROUP = 4;

  /** Coefficient matrices whose tables each thread keeps. */
  private static final int TABLE_SLOTS = 4;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** One thread's working memory. */
  private static final class Scratch {
    /**
     * The coefficient arrays the cached tables were built from (identity: coefficient arrays are
     * never changed after they are made), with their shapes: {@link #TABLE_SLOTS} entries, so that
     * a thread alternating between a few matrices (encode, and the decode of one or two erasure
     * patterns) does not rebuild its tables on every call. Replaced round-robin.
     */
    private final int[][] tablesFor = new int[TABLE_SLOTS][];

    private final int[] tablesInputs = new int[TABLE_SLOTS];
    private final int[] tablesOutputs = new int[TABLE_SLOTS];
    private final byte[][] tables = new byte[TABLE_SLOTS][0];
    private int nextSlot;

    private int[] used = new int[0];
    private int[] usedCount = new int[0];

    private byte[][] inArrays = new byte[0][];
    private int[] inOffsets = new int[0];
    private byte[][] inStage = new byte[0][];
    private final byte[][] outArrays = new byte[GROUP][];
    private final int[] outOffsets = new int[GROUP];
    private final byte[][] outStage = new byte[GROUP][BLOCK];

    /**
     * Returns the lookup tables of a row-major {@code outputs x inputs} coefficient matrix: for
     * output {@code o} and input {@code j}, at {@code (o * inputs + j) * 2 * V}, the products of
     * the coefficient with the 16 low nibbles, then with the 16 high nibbles, each replicated to
     * fill a vector.
     */
    byte[] tables(int[] coefficients, int inputs, int outputs) {
      for (int slot = 0; slot < TABLE_SLOTS; slot++) {
        if (coefficients == tablesFor[slot]
            && inputs == tablesInputs[slot]
            && outputs == tablesOutputs[slot]) {
          return tables[slot];
        }
      }
      int slot = nextSlot;
      nextSlot = (slot + 1) % TABLE_SLOTS;
      int size = outputs * inputs * 2 * V;
      if (tables[slot].length < size) {
        tables[slot] = new byte[size];
      }
      byte[] t = tables[slot];
      for (int e = 0; e < outputs * inputs; e++) {
        int c = coefficients[e];
        int base = e * 2 * V;
        for (int n = 0; n < 16; n++) {
          byte low = (byte) GaloisField.mul(c, n);
          byte high = (byte) GaloisField.mul(c, n << 4);
          for (int r = 0; r < V; r += 16) {
            t[base + r + n] = low;
            t[base + V + r + n] = high;
          }
        }
      }
      tablesFor[slot] = coefficients;
      tablesInputs[slot] = inputs;
      tablesOutputs[slot] = outputs;
      return t;
    }

    /**
     * Lists, for each group of outputs, the inputs with a non-zero coefficient in that group: group
     * {@code g}'s are {@code used[g * inputs, g * inputs + usedCount[g])}.
     */
    void plan(int[] coefficients, int inputs, int outputs) {
      int groups = (outputs + GROUP - 1) / GROUP;
      if (used.length < groups * inputs) {
        used = new int[groups * inputs];
      }
      if (usedCount.length < groups) {
        usedCount = new int[groups];
      }
      for (int g = 0; g < groups; g++) {
        int count = 0;
        for (int j = 0; j < inputs; j++) {
          int any = 0;
          for (int o = g * GROUP; o < Math.min(outputs, (g + 1) * GROUP); o++) {
            any |= coefficients[o * inputs + j];
          }
          if (any != 0) {
            used[g * inputs + count++] = j;
          }
        }
        usedCount[g] = count;
      }
    }

    void inputs(int count) {
      if (inArrays.length < count) {
        inArrays = new byte[count][];
        inOffsets = new int[count];
        inStage = new byte[count][];
      }
    }

    byte[] stage(int input) {
      if (inStage[input] == null) {
        inStage[input] = new byte[BLOCK];
      }
      return inStage[input];
    }
  }

  VectorKernel() {}

  @Override
  CodingPath path() {
    return CodingPath.VECTOR;
  }

  @Override
  int vectorBits() {
    return SPECIES.vectorBitSize();
  }

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
    int vectorLength = length - length % V;
    if (vectorLength > 0) {
      int inCount = inputs.length;
      Scratch s = SCRATCH.get();
      byte[] tables = s.tables(coefficients, inCount, outputCount);
      s.plan(coefficients, inCount, outputCount);
      s.inputs(inCount);
      for (int from = 0; from < vectorLength; from += BLOCK) {
        int n = Math.min(BLOCK, vectorLength - from);
        for (int j = 0; j < inCount; j++) {
          int in = inputs[j];
          int at = (inOffsets == null ? 0 : inOffsets[in]) + inOffset + from;
          resolveInput(s, j, inShards[in], at, n);
        }
        for (int g = 0; g * GROUP < outputCount; g++) {
          int first = g * GROUP;
          int size = Math.min(GROUP, outputCount - first);
          for (int q = 0; q < size; q++) {
            int out = outputs[first + q];
            int at = (outOffsets == null ? 0 : outOffsets[out]) + outOffset + from;
            resolveOutput(s, q, outShards[out], at);
          }
          int[] used = s.used;
          int usedFrom = g * inCount;
          int usedCount = s.usedCount[g];
          int tableBase = first * inCount * 2 * V;
          int stride = inCount * 2 * V;
          byte[][] ia = s.inArrays;
          int[] io = s.inOffsets;
          byte[][] oa = s.outArrays;
          int[] oo = s.outOffsets;
          switch (size) {
            case 1 -> group1(tables, tableBase, used, usedFrom, usedCount, ia, io, oa[0], oo[0], n);
            case 2 ->
                group2(
                    tables, tableBase, stride, used, usedFrom, usedCount, ia, io, oa[0], oo[0],
                    oa[1], oo[1], n);
            case 3 ->
                group3(
                    tables, tableBase, stride, used, usedFrom, usedCount, ia, io, oa[0], oo[0],
                    oa[1], oo[1], oa[2], oo[2], n);
            default ->
                group4(
                    tables, tableBase, stride, used, usedFrom, usedCount, ia, io, oa[0], oo[0],
                    oa[1], oo[1], oa[2], oo[2], oa[3], oo[3], n);
          }
          for (int q = 0; q < size; q++) {
            int out = outputs[first + q];
            if (!(outShards[out] instanceof byte[]) && oa[q] == s.outStage[q]) {
              int at = (outOffsets == null ? 0 : outOffsets[out]) + outOffset + from;
              ((ByteBuffer) outShards[out]).put(at, oa[q], 0, n);
            }
          }
        }
      }
    }
    if (vectorLength < length) {
      CodingLoop.INSTANCE.codeByInputs(
          coefficients,
          inShards,
          inputs,
          inOffsets,
          inOffset + vectorLength,
          outShards,
          outputs,
          outputCount,
          outOffsets,
          outOffset + vectorLength,
          length - vectorLength);
    }
  }

  /**
   * Points input slot {@code j} at {@code n} bytes of {@code shard} from absolute index {@code at}.
   */
  private static void resolveInput(Scratch s, int j, Object shard, int at, int n) {
    if (shard instanceof byte[] array) {
      s.inArrays[j] = array;
      s.inOffsets[j] = at;
    } else {
      ByteBuffer buffer = (ByteBuffer) shard;
      if (buffer.hasArray()) {
        s.inArrays[j] = buffer.array();
        s.inOffsets[j] = buffer.arrayOffset() + at;
      } else {
        byte[] stage = s.stage(j);
        buffer.get(at, stage, 0, n);
        s.inArrays[j] = stage;
        s.inOffsets[j] = 0;
      }
    }
  }

  /**
   * Points output slot {@code q} at {@code shard} from absolute index {@code at}, or at staging.
   */
  private static void resolveOutput(Scratch s, int q, Object shard, int at) {
    if (shard instanceof byte[] array) {
      s.outArrays[q] = array;
      s.outOffsets[q] = at;
    } else {
      ByteBuffer buffer = (ByteBuffer) shard;
      if (buffer.hasArray()) {
        s.outArrays[q] = buffer.array();
        s.outOffsets[q] = buffer.arrayOffset() + at;
      } else {
        s.outArrays[q] = s.outStage[q];
        s.outOffsets[q] = 0;
      }
    }
  }

  /** {@code c * x} for the byte vector {@code x} split into its nibbles, tables at {@code at}. */
  private static ByteVector product(byte[] tables, int at, ByteVector low, ByteVector high) {
    return low.selectFrom(ByteVector.fromArray(SPECIES, tables, at))
        .lanewise(
            VectorOperators.XOR, high.selectFrom(ByteVector.fromArray(SPECIES, tables, at + V)));
  }

  /** Codes 1 output: two vectors per step, then one. */
  private static void group1(
      byte[] t,
      int base,
      int[] used,
      int usedFrom,
      int usedCount,
      byte[][] ia,
      int[] io,
      byte[] o0,
      int p0,
      int n) {
    int i = 0;
    for (; i + 2 * V <= n; i += 2 * V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector b0 = ByteVector.zero(SPECIES);
      for (int q = usedFrom; q < usedFrom + usedCount; q++) {
        int j = used[q];
        byte[] in = ia[j];
        int off = io[j] + i;
        ByteVector x = ByteVector.fromArray(SPECIES, in, off);
        ByteVector y = ByteVector.fromArray(SPECIES, in, off + V);
        ByteVector xl = x.and(LOW);
        ByteVector xh = x.lanewise(VectorOperators.LSHR, 4).and(LOW);
        ByteVector yl = y.and(LOW);
        ByteVector yh = y.lanewise(VectorOperators.LSHR, 4).and(LOW);
        int at = base + j * 2 * V;
        ByteVector tl0 = ByteVector.fromArray(SPECIES, t, at);
        ByteVector th0 = ByteVector.fromArray(SPECIES, t, at + V);
        a0 =
            a0.lanewise(VectorOperators.XOR, xl.selectFrom(tl0))
                .lanewise(VectorOperators.XOR, xh.selectFrom(th0));
        b0 =
            b0.lanewise(VectorOperators.XOR, yl.selectFrom(tl0))
                .lanewise(VectorOperators.XOR, yh.selectFrom(th0));
      }
      a0.intoArray(o0, p0 + i);
      b0.intoArray(o0, p0 + i + V);
    }
    for (; i < n; i += V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      for (int q = usedFrom; q < usedFrom + usedCount; q++) {
        int j = used[q];
        ByteVector x = ByteVector.fromArray(SPECIES, ia[j], io[j] + i);
        ByteVector xl = x.and(LOW);
        ByteVector xh = x.lanewise(VectorOperators.LSHR, 4).and(LOW);
        int at = base + j * 2 * V;
        a0 = a0.lanewise(VectorOperators.XOR, product(t, at, xl, xh));
      }
      a0.intoArray(o0, p0 + i);
    }
  }

  /** Codes 2 outputs: two vectors per step, then one. */
  private static void group2(
      byte[] t,
      int base,
      int stride,
      int[] used,
      int usedFrom,
      int usedCount,
      byte[][] ia,
      int[] io,
      byte[] o0,
      int p0,
      byte[] o1,
      int p1,
      int n) {
    int i = 0;
    for (; i + 2 * V <= n; i += 2 * V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector b0 = ByteVector.zero(SPECIES);
      ByteVector a1 = ByteVector.zero(SPECIES);
      ByteVector b1 = ByteVector.zero(SPECIES);
      for (int q = usedFrom; q < usedFrom + usedCount; q++) {
        int j = used[q];
        byte[] in = ia[j];
        int off = io[j] + i;
        ByteVector x = ByteVector.fromArray(SPECIES, in, off);
        ByteVector y = ByteVector.fromArray(SPECIES, in, off + V);
        ByteVector xl = x.and(LOW);
        ByteVector xh = x.lanewise(VectorOperators.LSHR, 4).and(LOW);
        ByteVector yl = y.and(LOW);
        ByteVector yh = y.lanewise(VectorOperators.LSHR, 4).and(LOW);
        int at = base + j * 2 * V;
        ByteVector tl0 = ByteVector.fromArray(SPECIES, t, at);
        ByteVector th0 = ByteVector.fromArray(SPECIES, t, at + V);
        a0 =
            a0.lanewise(VectorOperators.XOR, xl.selectFrom(tl0))
                .lanewise(VectorOperators.XOR, xh.selectFrom(th0));
        b0 =
            b0.lanewise(VectorOperators.XOR, yl.selectFrom(tl0))
                .lanewise(VectorOperators.XOR, yh.selectFrom(th0));
        at += stride;
        ByteVector tl1 = ByteVector.fromArray(SPECIES, t, at);
        ByteVector th1 = ByteVector.fromArray(SPECIES, t, at + V);
        a1 =
            a1.lanewise(VectorOperators.XOR, xl.selectFrom(tl1))
                .lanewise(VectorOperators.XOR, xh.selectFrom(th1));
        b1 =
            b1.lanewise(VectorOperators.XOR, yl.selectFrom(tl1))
                .lanewise(VectorOperators.XOR, yh.selectFrom(th1));
      }
      a0.intoArray(o0, p0 + i);
      b0.intoArray(o0, p0 + i + V);
      a1.intoArray(o1, p1 + i);
      b1.intoArray(o1, p1 + i + V);
    }
    for (; i < n; i += V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector a1 = ByteVector.zero(SPECIES);
      for (int q = usedFrom; q < usedFrom + usedCount; q++) {
        int j = used[q];
        ByteVector x = ByteVector.fromArray(SPECIES, ia[j], io[j] + i);
        ByteVector xl = x.and(LOW);
        ByteVector xh = x.lanewise(VectorOperators.LSHR, 4).and(LOW);
        int at = base + j * 2 * V;
        a0 = a0.lanewise(VectorOperators.XOR, product(t, at, xl, xh));
        a1 = a1.lanewise(VectorOperators.XOR, product(t, at + stride, xl, xh));
      }
      a0.intoArray(o0, p0 + i);
      a1.intoArray(o1, p1 + i);
    }
  }

  /** Codes 3 outputs: two vectors per step, then one. */
  private static void group3(
      byte[] t,
      int base,
      int stride,
      int[] used,
      int usedFrom,
      int usedCount,
      byte[][] ia,
      int[] io,
      byte[] o0,
      int p0,
      byte[] o1,
      int p1,
      byte[] o2,
      int p2,
      int n) {
    int i = 0;
    for (; i + 2 * V <= n; i += 2 * V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector b0 = ByteVector.zero(SPECIES);
      ByteVector a1 = ByteVector.zero(SPECIES);
      ByteVector b1 = ByteVector.zero(SPECIES);
      ByteVector a2 = ByteVector.zero(SPECIES);
      ByteVector b2 = ByteVector.zero(SPECIES);
      for (int q = usedFrom; q < usedFrom + usedCount; q++) {
        int j = used[q];
        byte[] in = ia[j];
        int off = io[j] + i;
        ByteVector x = ByteVector.fromArray(SPECIES, in, off);
        ByteVector y = ByteVector.fromArray(SPECIES, in, off + V);
        ByteVector xl = x.and(LOW);
        ByteVector xh = x.lanewise(VectorOperators.LSHR, 4).and(LOW);
        ByteVector yl = y.and(LOW);
        ByteVector yh = y.lanewise(VectorOperators.LSHR, 4).and(LOW);
        int at = base + j * 2 * V;
        ByteVector tl0 = ByteVector.fromArray(SPECIES, t, at);
        ByteVector th0 = ByteVector.fromArray(SPECIES, t, at + V);
        a0 =
            a0.lanewise(VectorOperators.XOR, xl.selectFrom(tl0))
                .lanewise(VectorOperators.XOR, xh.selectFrom(th0));
        b0 =
            b0.lanewise(VectorOperators.XOR, yl.selectFrom(tl0))
                .lanewise(VectorOperators.XOR, yh.selectFrom(th0));
        at += stride;
        ByteVector tl1 = ByteVector.fromArray(SPECIES, t, at);
        ByteVector th1 = ByteVector.fromArray(SPECIES, t, at + V);
        a1 =
            a1.lanewise(VectorOperators.XOR, xl.selectFrom(tl1))
                .lanewise(VectorOperators.XOR, xh.selectFrom(th1));
        b1 =
            b1.lanewise(VectorOperators.XOR, yl.selectFrom(tl1))
                .lanewise(VectorOperators.XOR, yh.selectFrom(th1));
        at += stride;
        ByteVector tl2 = ByteVector.fromArray(SPECIES, t, at);
        ByteVector th2 = ByteVector.fromArray(SPECIES, t, at + V);
        a2 =
            a2.lanewise(VectorOperators.XOR, xl.selectFrom(tl2))
                .lanewise(VectorOperators.XOR, xh.selectFrom(th2));
        b2 =
            b2.lanewise(VectorOperators.XOR, yl.selectFrom(tl2))
                .lanewise(VectorOperators.XOR, yh.selectFrom(th2));
      }
      a0.intoArray(o0, p0 + i);
      b0.intoArray(o0, p0 + i + V);
      a1.intoArray(o1, p1 + i);
      b1.intoArray(o1, p1 + i + V);
      a2.intoArray(o2, p2 + i);
      b2.intoArray(o2, p2 + i + V);
    }
    for (; i < n; i += V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector a1 = ByteVector.zero(SPECIES);
      ByteVector a2 = ByteVector.zero(SPECIES);
      for (int q = usedFrom; q < usedFrom + usedCount; q++) {
        int j = used[q];
        ByteVector x = ByteVector.fromArray(SPECIES, ia[j], io[j] + i);
        ByteVector xl = x.and(LOW);
        ByteVector xh = x.lanewise(VectorOperators.LSHR, 4).and(LOW);
        int at = base + j * 2 * V;
        a0 = a0.lanewise(VectorOperators.XOR, product(t, at, xl, xh));
        a1 = a1.lanewise(VectorOperators.XOR, product(t, at + stride, xl, xh));
        a2 = a2.lanewise(VectorOperators.XOR, product(t, at + 2 * stride, xl, xh));
      }
      a0.intoArray(o0, p0 + i);
      a1.intoArray(o1, p1 + i);
      a2.intoArray(o2, p2 + i);
    }
  }

  /** Codes 4 outputs: two vectors per step, then one. */
  private static void group4(
      byte[] t,
      int base,
      int stride,
      int[] used,
      int usedFrom,
      int usedCount,
      byte[][] ia,
      int[] io,
      byte[] o0,
      int p0,
      byte[] o1,
      int p1,
      byte[] o2,
      int p2,
      byte[] o3,
      int p3,
      int n) {
    int i = 0;
    for (; i + 2 * V <= n; i += 2 * V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector b0 = ByteVector.zero(SPECIES);
      ByteVector a1 = ByteVector.zero(SPECIES);
      ByteVector b1 = ByteVector.zero(SPECIES);
      ByteVector a2 = ByteVector.zero(SPECIES);
      ByteVector b2 = ByteVector.zero(SPECIES);
      ByteVector a3 = ByteVector.zero(SPECIES);
      ByteVector b3 = ByteVector.zero(SPECIES);
      for (int q = usedFrom; q < usedFrom + usedCount; q++) {
        int j = used[q];
        byte[] in = ia[j];
        int off = io[j] + i;
        ByteVector x = ByteVector.fromArray(SPECIES, in, off);
        ByteVector y = ByteVector.fromArray(SPECIES, in, off + V);
        ByteVector xl = x.and(LOW);
        ByteVector xh = x.lanewise(VectorOperators.LSHR, 4).and(LOW);
        ByteVector yl = y.and(LOW);
        ByteVector yh = y.lanewise(VectorOperators.LSHR, 4).and(LOW);
        int at = base + j * 2 * V;
        ByteVector tl0 = ByteVector.fromArray(SPECIES, t, at);
        ByteVector th0 = ByteVector.fromArray(SPECIES, t, at + V);
        a0 =
            a0.lanewise(VectorOperators.XOR, xl.selectFrom(tl0))
                .lanewise(VectorOperators.XOR, xh.selectFrom(th0));
        b0 =
            b0.lanewise(VectorOperators.XOR, yl.selectFrom(tl0))
                .lanewise(VectorOperators.XOR, yh.selectFrom(th0));
        at += stride;
        ByteVector tl1 = ByteVector.fromArray(SPECIES, t, at);
        ByteVector th1 = ByteVector.fromArray(SPECIES, t, at + V);
        a1 =
            a1.lanewise(VectorOperators.XOR, xl.selectFrom(tl1))
                .lanewise(VectorOperators.XOR, xh.selectFrom(th1));
        b1 =
            b1.lanewise(VectorOperators.XOR, yl.selectFrom(tl1))
                .lanewise(VectorOperators.XOR, yh.selectFrom(th1));
        at += stride;
        ByteVector tl2 = ByteVector.fromArray(SPECIES, t, at);
        ByteVector th2 = ByteVector.fromArray(SPECIES, t, at + V);
        a2 =
            a2.lanewise(VectorOperators.XOR, xl.selectFrom(tl2))
                .lanewise(VectorOperators.XOR, xh.selectFrom(th2));
        b2 =
            b2.lanewise(VectorOperators.XOR, yl.selectFrom(tl2))
                .lanewise(VectorOperators.XOR, yh.selectFrom(th2));
        at += stride;
        ByteVector tl3 = ByteVector.fromArray(SPECIES, t, at);
        ByteVector th3 = ByteVector.fromArray(SPECIES, t, at + V);
        a3 =
            a3.lanewise(VectorOperators.XOR, xl.selectFrom(tl3))
                .lanewise(VectorOperators.XOR, xh.selectFrom(th3));
        b3 =
            b3.lanewise(VectorOperators.XOR, yl.selectFrom(tl3))
                .lanewise(VectorOperators.XOR, yh.selectFrom(th3));
      }
      a0.intoArray(o0, p0 + i);
      b0.intoArray(o0, p0 + i + V);
      a1.intoArray(o1, p1 + i);
      b1.intoArray(o1, p1 + i + V);
      a2.intoArray(o2, p2 + i);
      b2.intoArray(o2, p2 + i + V);
      a3.intoArray(o3, p3 + i);
      b3.intoArray(o3, p3 + i + V);
    }
    for (; i < n; i += V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector a1 = ByteVector.zero(SPECIES);
      ByteVector a2 = ByteVector.zero(SPECIES);
      ByteVector a3 = ByteVector.zero(SPECIES);
      for (int q = usedFrom; q < usedFrom + usedCount; q++) {
        int j = used[q];
        ByteVector x = ByteVector.fromArray(SPECIES, ia[j], io[j] + i);
        ByteVector xl = x.and(LOW);
        ByteVector xh = x.lanewise(VectorOperators.LSHR, 4).and(LOW);
        int at = base + j * 2 * V;
        a0 = a0.lanewise(VectorOperators.XOR, product(t, at, xl, xh));
        a1 = a1.lanewise(VectorOperators.XOR, product(t, at + stride, xl, xh));
        a2 = a2.lanewise(VectorOperators.XOR, product(t, at + 2 * stride, xl, xh));
        a3 = a3.lanewise(VectorOperators.XOR, product(t, at + 3 * stride, xl, xh));
      }
      a0.intoArray(o0, p0 + i);
      a1.intoArray(o1, p1 + i);
      a2.intoArray(o2, p2 + i);
      a3.intoArray(o3, p3 + i);
    }
  }
}
