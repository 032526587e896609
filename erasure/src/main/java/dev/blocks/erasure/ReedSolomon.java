package dev.blocks.erasure;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A systematic Reed-Solomon erasure coder over GF(2^8): {@code k} data shards and {@code m} parity
 * shards, any {@code k} of which rebuild the rest, byte-identical to the standard coder its {@link
 * CodingMatrix} names.
 *
 * <p>Shards are {@code k + m} byte arrays of equal length, data shards first; every operation works
 * on the byte range {@code [offset, offset + length)} of all of them. Missing shards still need an
 * array of the right length, which receives the rebuilt bytes.
 *
 * {@snippet class=dev.blocks.erasure.ReedSolomonSnippets region=roundTrip}
 *
 * <p>Arguments are validated before anything is written: a rejected call leaves every array as it
 * was. Encoding and reconstruction allocate nothing once the decoding matrix of an erasure pattern
 * is cached; {@link #verify} allocates one scratch block.
 *
 * <p>Speed: on JDK 21 or newer started with {@code --add-modules jdk.incubator.vector}, coders run
 * a Vector API kernel ({@link CodingPath#VECTOR}); otherwise a portable Java 17 kernel ({@link
 * CodingPath#PORTABLE}). Both give identical bytes; {@link #activePath()} tells which one runs.
 *
 * <p>Thread-safety: immutable apart from the bounded cache of decoding matrices (one per erasure
 * pattern), which is safe for concurrent use; concurrent calls must not share output arrays.
 *
 * <p>References: J. S. Plank, "A Tutorial on Reed-Solomon Coding for Fault-Tolerance in RAID-like
 * Systems", Software: Practice and Experience 27(9), 1997, and its 2003 correction note; the
 * Backblaze JavaReedSolomon coder; ISA-L's {@code ec_base.c}.
 *
 * @since 0.1
 */
public final class ReedSolomon {

  /** The largest number of shards, data plus parity: the number of elements of GF(2^8). */
  public static final int MAX_TOTAL_SHARDS = 256;

  private static final int CACHE_CAPACITY = 64;

  private final CodingMatrix construction;
  private final int dataShards;
  private final int parityShards;
  private final int totalShards;
  private final int[][] generator;
  private final int[] parityCoefficients;
  private final int[] dataIndices;
  private final int[] parityIndices;
  private final DecodePlan.Cache plans = new DecodePlan.Cache(CACHE_CAPACITY);

  /** The kernel this coder always uses, or null to use {@link Kernels#active()}. */
  private final Kernel fixedKernel;

  private ReedSolomon(CodingMatrix construction, int dataShards, int parityShards, Kernel kernel) {
    this.fixedKernel = kernel;
    this.construction = construction;
    this.dataShards = dataShards;
    this.parityShards = parityShards;
    this.totalShards = dataShards + parityShards;
    this.generator =
        construction == CodingMatrix.VANDERMONDE
            ? vandermondeGenerator(dataShards, totalShards)
            : cauchyGenerator(dataShards, totalShards);
    this.parityCoefficients = new int[parityShards * dataShards];
    for (int p = 0; p < parityShards; p++) {
      for (int j = 0; j < dataShards; j++) {
        parityCoefficients[p * dataShards + j] = generator[dataShards + p][j];
      }
    }
    this.dataIndices = range(0, dataShards);
    this.parityIndices = range(dataShards, totalShards);
  }

  /**
   * Returns the coder whose parity matches the Backblaze JavaReedSolomon coder and
   * klauspost/reedsolomon's default ({@link CodingMatrix#VANDERMONDE}).
   *
   * @param dataShards {@code k}, at least 1
   * @param parityShards {@code m}, at least 0, with {@code k + m <= 256}
   * @throws IllegalArgumentException if a count is out of range
   */
  public static ReedSolomon vandermonde(int dataShards, int parityShards) {
    checkCounts(dataShards, parityShards);
    return new ReedSolomon(CodingMatrix.VANDERMONDE, dataShards, parityShards, null);
  }

  /**
   * Returns the coder whose parity matches ISA-L's {@code gf_gen_cauchy1_matrix} and Hadoop's
   * {@code RSRawEncoder} ({@link CodingMatrix#CAUCHY}). The construction works up to {@code k + m =
   * 256} (the row index {@code i} stays a field element); Hadoop itself stops at 255.
   *
   * @param dataShards {@code k}, at least 1
   * @param parityShards {@code m}, at least 0, with {@code k + m <= 256}
   * @throws IllegalArgumentException if a count is out of range
   */
  public static ReedSolomon cauchy(int dataShards, int parityShards) {
    checkCounts(dataShards, parityShards);
    return new ReedSolomon(CodingMatrix.CAUCHY, dataShards, parityShards, null);
  }

  /**
   * Returns the coder of the given construction.
   *
   * @throws IllegalArgumentException if a count is out of range
   */
  public static ReedSolomon of(CodingMatrix construction, int dataShards, int parityShards) {
    Objects.requireNonNull(construction, "construction");
    return construction == CodingMatrix.VANDERMONDE
        ? vandermonde(dataShards, parityShards)
        : cauchy(dataShards, parityShards);
  }

  /**
   * The kernel to run now: the one given at construction (tests), else the JVM's active kernel,
   * which the timed self-check may change once from the vector to the portable kernel (both give
   * identical bytes).
   */
  private Kernel kernel() {
    Kernel fixed = fixedKernel;
    return fixed != null ? fixed : Kernels.active();
  }

  /** Returns the coder of the given construction running on {@code kernel}: for tests. */
  static ReedSolomon of(
      CodingMatrix construction, int dataShards, int parityShards, Kernel kernel) {
    Objects.requireNonNull(construction, "construction");
    checkCounts(dataShards, parityShards);
    return new ReedSolomon(construction, dataShards, parityShards, Objects.requireNonNull(kernel));
  }

  /**
   * Returns which coding loop this JVM runs now. Both paths give identical bytes. {@link
   * CodingPath#VECTOR} needs JDK 21 or newer started with {@code --add-modules
   * jdk.incubator.vector} and must pass a correctness self-check when the first coder is created;
   * then a one-time timed self-check on a daemon thread compares it with the portable loop and, if
   * the vector loop is not at least 1.25 times as fast, switches every coder to {@link
   * CodingPath#PORTABLE}, so this value can change once, within seconds of the first coder. The
   * final choice is logged once (logger {@code dev.blocks.erasure}, level INFO) with the reason and
   * the measured times. {@code -Ddev.blocks.erasure.simd=false} forces {@link CodingPath#PORTABLE};
   * {@code -Ddev.blocks.erasure.simd=true} keeps {@link CodingPath#VECTOR} without timing whenever
   * it can run and is correct. See {@link CodingPath#VECTOR} for every condition.
   *
   * {@snippet class=dev.blocks.erasure.CodingPathSnippets region=activePath}
   *
   * @return the path the coders of this JVM use now
   */
  public static CodingPath activePath() {
    return Kernels.active().path();
  }

  private static void checkCounts(int dataShards, int parityShards) {
    if (dataShards < 1) {
      throw new IllegalArgumentException("dataShards must be >= 1, got " + dataShards);
    }
    if (parityShards < 0) {
      throw new IllegalArgumentException("parityShards must be >= 0, got " + parityShards);
    }
    if (dataShards + parityShards > MAX_TOTAL_SHARDS) {
      throw new IllegalArgumentException(
          "dataShards + parityShards must be <= "
              + MAX_TOTAL_SHARDS
              + ", got "
              + dataShards
              + " + "
              + parityShards
              + " = "
              + (dataShards + parityShards));
    }
  }

  private static int[][] vandermondeGenerator(int k, int n) {
    int[][] v = GfMatrix.vandermonde(n, k);
    return GfMatrix.multiply(v, GfMatrix.invert(GfMatrix.rows(v, 0, k)));
  }

  private static int[][] cauchyGenerator(int k, int n) {
    int[][] g = new int[n][];
    int[][] identity = GfMatrix.identity(k);
    System.arraycopy(identity, 0, g, 0, k);
    for (int i = k; i < n; i++) {
      g[i] = new int[k];
      for (int j = 0; j < k; j++) {
        g[i][j] = GaloisField.inverse(i ^ j);
      }
    }
    return g;
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = from; i < to; i++) {
      r[i - from] = i;
    }
    return r;
  }

  /** Returns the construction of the generator matrix. */
  public CodingMatrix construction() {
    return construction;
  }

  /** Returns {@code k}, the number of data shards. */
  public int dataShards() {
    return dataShards;
  }

  /** Returns {@code m}, the number of parity shards. */
  public int parityShards() {
    return parityShards;
  }

  /** Returns {@code k + m}. */
  public int totalShards() {
    return totalShards;
  }

  /**
   * Returns entry {@code (row, column)} of the {@code (k + m) x k} generator matrix: shard {@code
   * row} is the sum over {@code column} of this coefficient times data shard {@code column}.
   *
   * @throws IllegalArgumentException if {@code row} or {@code column} is out of range
   */
  public int coefficient(int row, int column) {
    Checks.index(row, totalShards, "row");
    Checks.index(column, dataShards, "column");
    return generator[row][column];
  }

  /**
   * Computes the parity shards from the data shards over their whole length.
   *
   * @param shards {@code k + m} arrays of equal length; the last {@code m} are overwritten
   * @throws IllegalArgumentException if the shards are malformed (see {@link #encode(byte[][], int,
   *     int)})
   */
  public void encode(byte[][] shards) {
    encode(shards, 0, Checks.commonLength(shards, totalShards));
  }

  /**
   * Computes bytes {@code [offset, offset + length)} of the parity shards from the same range of
   * the data shards.
   *
   * @param shards {@code k + m} arrays of equal length; the last {@code m} are written in range
   * @throws NullPointerException if {@code shards} or one of its arrays is null
   * @throws IllegalArgumentException if there are not {@code k + m} shards, their lengths differ,
   *     the range does not fit, or a parity array is also used as another shard
   */
  public void encode(byte[][] shards, int offset, int length) {
    int shardLength = Checks.commonLength(shards, totalShards);
    Checks.range(offset, length, shardLength);
    for (int p = dataShards; p < totalShards; p++) {
      Checks.distinct(shards, p);
    }
    if (parityShards > 0 && length > 0) {
      kernel()
          .code(
              parityCoefficients,
              shards,
              dataIndices,
              offset,
              shards,
              parityIndices,
              parityShards,
              offset,
              length);
    }
  }

  /**
   * Returns whether the parity shards match the data shards over their whole length.
   *
   * @throws IllegalArgumentException if the shards are malformed
   */
  public boolean verify(byte[][] shards) {
    return verify(shards, 0, Checks.commonLength(shards, totalShards));
  }

  /**
   * Returns whether bytes {@code [offset, offset + length)} of the parity shards match the same
   * range of the data shards. Reads only; allocates one scratch block of at most {@code m x 16}
   * KiB.
   *
   * @throws NullPointerException if {@code shards} or one of its arrays is null
   * @throws IllegalArgumentException if there are not {@code k + m} shards, their lengths differ or
   *     the range does not fit
   */
  public boolean verify(byte[][] shards, int offset, int length) {
    int shardLength = Checks.commonLength(shards, totalShards);
    Checks.range(offset, length, shardLength);
    if (parityShards == 0 || length == 0) {
      return true;
    }
    int chunk = Math.min(length, 16 * 1024);
    byte[][] scratch = new byte[parityShards][chunk];
    int[] scratchIndices = range(0, parityShards);
    for (int from = 0; from < length; from += chunk) {
      int n = Math.min(chunk, length - from);
      kernel()
          .code(
              parityCoefficients,
              shards,
              dataIndices,
              offset + from,
              scratch,
              scratchIndices,
              parityShards,
              0,
              n);
      for (int p = 0; p < parityShards; p++) {
        byte[] actual = shards[dataShards + p];
        if (!Arrays.equals(scratch[p], 0, n, actual, offset + from, offset + from + n)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Rebuilds every missing shard, data and parity, over the whole length.
   *
   * @throws IllegalArgumentException if the shards are malformed or fewer than {@code k} are
   *     present
   */
  public void reconstruct(byte[][] shards, boolean[] present) {
    reconstruct(shards, present, 0, Checks.commonLength(shards, totalShards));
  }

  /**
   * Rebuilds bytes {@code [offset, offset + length)} of every shard whose {@code present} flag is
   * false from the first {@code k} present shards. Present shards are only read.
   *
   * @param shards {@code k + m} arrays of equal length; missing ones receive the rebuilt bytes
   * @param present {@code k + m} flags, at least {@code k} of them true
   * @throws NullPointerException if an argument or a shard array is null
   * @throws IllegalArgumentException if there are not {@code k + m} shards or flags, the lengths
   *     differ, the range does not fit, fewer than {@code k} shards are present, or a missing
   *     shard's array is also used as another shard
   */
  public void reconstruct(byte[][] shards, boolean[] present, int offset, int length) {
    rebuild(shards, present, offset, length, false);
  }

  /**
   * Rebuilds every missing data shard (not the parity) over the whole length.
   *
   * @throws IllegalArgumentException if the shards are malformed or fewer than {@code k} are
   *     present
   */
  public void reconstructData(byte[][] shards, boolean[] present) {
    reconstructData(shards, present, 0, Checks.commonLength(shards, totalShards));
  }

  /**
   * Rebuilds bytes {@code [offset, offset + length)} of every missing data shard; missing parity
   * shards are left as they are.
   *
   * @throws NullPointerException if an argument or a shard array is null
   * @throws IllegalArgumentException as {@link #reconstruct(byte[][], boolean[], int, int)}
   */
  public void reconstructData(byte[][] shards, boolean[] present, int offset, int length) {
    rebuild(shards, present, offset, length, true);
  }

  private void rebuild(
      byte[][] shards, boolean[] present, int offset, int length, boolean dataOnly) {
    DecodePlan plan = prepare(shards, present, offset, length, null);
    if (plan == null) {
      return;
    }
    int outputs = dataOnly ? plan.dataOutputs : plan.outputs.length;
    Kernel kernel = kernel();
    if (twoStep(kernel, plan, outputs)) {
      int e = plan.dataOutputs;
      int[] lost = plan.syndromeOutputs;
      kernel.code(
          plan.syndromeCoefficients, shards, plan.inputs, offset, shards, lost, e, offset, length);
      kernel.code(plan.solveCoefficients, shards, lost, offset, shards, lost, e, offset, length);
      return;
    }
    kernel.code(
        plan.coefficients,
        shards,
        plan.inputs,
        offset,
        shards,
        plan.outputs,
        outputs,
        offset,
        length);
  }

  /**
   * Whether to rebuild the missing data in two steps (syndromes, then a small solve in place): only
   * when no parity is to be rebuilt, and only on the portable kernel, whose cost depends on the
   * coefficients ({@link DecodePlan#syndromeCoefficients}); the vector kernel's does not.
   */
  private static boolean twoStep(Kernel kernel, DecodePlan plan, int outputs) {
    return outputs == plan.dataOutputs
        && plan.syndromeOutputs != null
        && kernel.path() == CodingPath.PORTABLE;
  }

  /**
   * Validates a reconstruction and returns its plan, or null if there is nothing to do. Only shards
   * that will be written (missing, and wanted when {@code wanted} is given) must be distinct
   * arrays.
   */
  private DecodePlan prepare(
      byte[][] shards, boolean[] present, int offset, int length, boolean[] wanted) {
    int shardLength = Checks.commonLength(shards, totalShards);
    checkPresent(present);
    Checks.range(offset, length, shardLength);
    if (length == 0) {
      plan(present);
      return null;
    }
    for (int i = 0; i < totalShards; i++) {
      if (!present[i] && (wanted == null || wanted[i])) {
        Checks.distinct(shards, i);
      }
    }
    return plan(present);
  }

  /** Checks that at least k shards are present and returns the plan, or null if none is missing. */
  private DecodePlan plan(boolean[] present) {
    long w0 = 0;
    long w1 = 0;
    long w2 = 0;
    long w3 = 0;
    int count = 0;
    for (int i = 0; i < totalShards; i++) {
      if (present[i]) {
        count++;
        long bit = 1L << i;
        switch (i >>> 6) {
          case 0:
            w0 |= bit;
            break;
          case 1:
            w1 |= bit;
            break;
          case 2:
            w2 |= bit;
            break;
          default:
            w3 |= bit;
            break;
        }
      }
    }
    if (count < dataShards) {
      throw new IllegalArgumentException(
          "present shards must be >= dataShards = "
              + dataShards
              + ", got "
              + count
              + " (missing: "
              + missing(present)
              + ")");
    }
    if (count == totalShards) {
      return null;
    }
    return plans.get(generator, dataShards, w0, w1, w2, w3);
  }

  /**
   * Rebuilds bytes {@code [offset, offset + length)} of the chosen missing shards only: those with
   * {@code present[i] == false && wanted[i] == true}. Other shards are left as they are. Allocates
   * a few small arrays per call.
   *
   * @param wanted {@code k + m} flags; a flag on a present shard is ignored
   * @throws NullPointerException if an argument or a shard array is null
   * @throws IllegalArgumentException as {@link #reconstruct(byte[][], boolean[], int, int)}, or if
   *     {@code wanted} does not have {@code k + m} flags
   */
  public void reconstruct(
      byte[][] shards, boolean[] present, boolean[] wanted, int offset, int length) {
    checkWanted(wanted);
    DecodePlan plan = prepare(shards, present, offset, length, wanted);
    if (plan == null) {
      return;
    }
    int[][] chosen = chosen(plan, wanted);
    kernel()
        .code(
            chosen[1],
            shards,
            plan.inputs,
            offset,
            shards,
            chosen[0],
            chosen[0].length,
            offset,
            length);
  }

  private void checkWanted(boolean[] wanted) {
    Objects.requireNonNull(wanted, "wanted");
    if (wanted.length != totalShards) {
      throw new IllegalArgumentException(
          "wanted.length must be k + m = " + totalShards + ", got " + wanted.length);
    }
  }

  /** Returns {outputs, coefficients}: the rows of {@code plan} whose output shard is wanted. */
  private int[][] chosen(DecodePlan plan, boolean[] wanted) {
    int count = 0;
    for (int o = 0; o < plan.outputs.length; o++) {
      if (wanted[plan.outputs[o]]) {
        count++;
      }
    }
    int[] outputs = new int[count];
    int[] coefficients = new int[count * dataShards];
    int next = 0;
    for (int o = 0; o < plan.outputs.length; o++) {
      if (wanted[plan.outputs[o]]) {
        outputs[next] = plan.outputs[o];
        System.arraycopy(
            plan.coefficients, o * dataShards, coefficients, next * dataShards, dataShards);
        next++;
      }
    }
    return new int[][] {outputs, coefficients};
  }

  /**
   * Replaces data shard {@code dataShard} with {@code newData} over its whole length and updates
   * the parity by the difference (parity += coefficient x (old + new)), reading no other data
   * shard: the same bytes as a full re-encode, as ISA-L's {@code ec_encode_data_update} and
   * klauspost's {@code Update}.
   *
   * @throws IllegalArgumentException if the shards are malformed, {@code dataShard} is out of
   *     range, or {@code newData} has the wrong length or is one of the shard arrays
   */
  public void update(byte[][] shards, int dataShard, byte[] newData) {
    update(shards, dataShard, newData, 0, Checks.commonLength(shards, totalShards));
  }

  /**
   * Replaces bytes {@code [offset, offset + length)} of data shard {@code dataShard} with the same
   * range of {@code newData} and updates that range of the parity by the difference. The parity
   * must match the old data for the result to match a full re-encode. Allocates a few small arrays
   * per call.
   *
   * @param newData an array of the shard length, not one of the shards
   * @throws NullPointerException if an argument or a shard array is null
   * @throws IllegalArgumentException if the shards are malformed, the range does not fit, {@code
   *     dataShard} is out of range, or {@code newData} has the wrong length or is one of the shard
   *     arrays
   */
  public void update(byte[][] shards, int dataShard, byte[] newData, int offset, int length) {
    int shardLength = Checks.commonLength(shards, totalShards);
    Checks.range(offset, length, shardLength);
    Checks.index(dataShard, dataShards, "dataShard");
    Objects.requireNonNull(newData, "newData");
    if (newData.length != shardLength) {
      throw new IllegalArgumentException(
          "newData.length must equal the shard length " + shardLength + ", got " + newData.length);
    }
    for (int i = 0; i < totalShards; i++) {
      if (shards[i] == newData) {
        throw new IllegalArgumentException(
            "newData must not be the same array as shards[" + i + "]");
      }
    }
    for (int p = dataShards; p < totalShards; p++) {
      Checks.distinct(shards, p);
    }
    if (length == 0) {
      return;
    }
    if (parityShards > 0) {
      byte[][] in = new byte[parityShards + 2][];
      in[0] = shards[dataShard];
      in[1] = newData;
      System.arraycopy(shards, dataShards, in, 2, parityShards);
      int[] outputs = range(2, parityShards + 2);
      kernel()
          .code(
              updateCoefficients(dataShard),
              in,
              range(0, parityShards + 2),
              offset,
              in,
              outputs,
              parityShards,
              offset,
              length);
    }
    System.arraycopy(newData, offset, shards[dataShard], offset, length);
  }

  /**
   * Returns the coefficients that update the parity after data shard {@code dataShard} changes,
   * over the inputs (old data, new data, parity 0, ..., parity m-1): parity p = parity p + c (old +
   * new).
   */
  private int[] updateCoefficients(int dataShard) {
    int width = parityShards + 2;
    int[] coefficients = new int[parityShards * width];
    for (int p = 0; p < parityShards; p++) {
      int c = generator[dataShards + p][dataShard];
      coefficients[p * width] = c;
      coefficients[p * width + 1] = c;
      coefficients[p * width + p + 2] = 1;
    }
    return coefficients;
  }

  /**
   * Computes the parity buffers from the data buffers, over each buffer's {@code [position,
   * limit)}; heap and direct buffers mix freely. Positions and limits are left unchanged.
   *
   * @param shards {@code k + m} buffers with equal {@code remaining()}; the last {@code m} written
   * @throws NullPointerException if {@code shards} or one of its buffers is null
   * @throws IllegalArgumentException if there are not {@code k + m} buffers, their remaining
   *     lengths differ, or a parity buffer is read-only or also used as another shard
   */
  public void encode(ByteBuffer[] shards) {
    boolean[] written = new boolean[totalShards];
    Arrays.fill(written, dataShards, totalShards, true);
    int length = Checks.commonRemaining(shards, totalShards, written);
    kernel()
        .code(
            parityCoefficients,
            shards,
            positions(shards),
            dataIndices,
            parityIndices,
            parityShards,
            length);
  }

  /**
   * Rebuilds every buffer whose {@code present} flag is false over its {@code [position, limit)}
   * from the first {@code k} present ones. Positions and limits are left unchanged.
   *
   * @throws NullPointerException if an argument or a buffer is null
   * @throws IllegalArgumentException if there are not {@code k + m} buffers or flags, their
   *     remaining lengths differ, fewer than {@code k} are present, or a missing buffer is
   *     read-only or also used as another shard
   */
  public void reconstruct(ByteBuffer[] shards, boolean[] present) {
    rebuild(shards, present, false);
  }

  /**
   * Rebuilds the missing data buffers only (not the parity), as {@link #reconstruct(ByteBuffer[],
   * boolean[])}.
   *
   * @throws NullPointerException if an argument or a buffer is null
   * @throws IllegalArgumentException as {@link #reconstruct(ByteBuffer[], boolean[])}
   */
  public void reconstructData(ByteBuffer[] shards, boolean[] present) {
    rebuild(shards, present, true);
  }

  private void checkPresent(boolean[] present) {
    Objects.requireNonNull(present, "present");
    if (present.length != totalShards) {
      throw new IllegalArgumentException(
          "present.length must be k + m = " + totalShards + ", got " + present.length);
    }
  }

  private void rebuild(ByteBuffer[] shards, boolean[] present, boolean dataOnly) {
    checkPresent(present);
    boolean[] written = new boolean[totalShards];
    for (int i = 0; i < totalShards; i++) {
      written[i] = !present[i] && (!dataOnly || i < dataShards);
    }
    int length = Checks.commonRemaining(shards, totalShards, written);
    DecodePlan plan = plan(present);
    if (plan == null || length == 0) {
      return;
    }
    int outputs = dataOnly ? plan.dataOutputs : plan.outputs.length;
    int[] positions = positions(shards);
    Kernel kernel = kernel();
    if (twoStep(kernel, plan, outputs)) {
      int e = plan.dataOutputs;
      int[] lost = plan.syndromeOutputs;
      kernel.code(plan.syndromeCoefficients, shards, positions, plan.inputs, lost, e, length);
      kernel.code(plan.solveCoefficients, shards, positions, lost, lost, e, length);
      return;
    }
    kernel.code(plan.coefficients, shards, positions, plan.inputs, plan.outputs, outputs, length);
  }

  /**
   * Rebuilds the chosen missing buffers only, those with {@code present[i] == false && wanted[i] ==
   * true}, over their {@code [position, limit)}, as {@link #reconstruct(byte[][], boolean[],
   * boolean[], int, int)}. Other buffers are left as they are; positions and limits are unchanged.
   * Allocates a few small arrays per call.
   *
   * @param wanted {@code k + m} flags; a flag on a present shard is ignored
   * @throws NullPointerException if an argument or a buffer is null
   * @throws IllegalArgumentException if there are not {@code k + m} buffers, flags or wanted flags,
   *     their remaining lengths differ, fewer than {@code k} are present, or a buffer to rebuild is
   *     read-only or also used as another shard
   */
  public void reconstruct(ByteBuffer[] shards, boolean[] present, boolean[] wanted) {
    checkWanted(wanted);
    checkPresent(present);
    boolean[] written = new boolean[totalShards];
    for (int i = 0; i < totalShards; i++) {
      written[i] = !present[i] && wanted[i];
    }
    int length = Checks.commonRemaining(shards, totalShards, written);
    DecodePlan plan = plan(present);
    if (plan == null || length == 0) {
      return;
    }
    int[][] chosen = chosen(plan, wanted);
    kernel()
        .code(
            chosen[1], shards, positions(shards), plan.inputs, chosen[0], chosen[0].length, length);
  }

  /**
   * Replaces the {@code [position, limit)} bytes of data buffer {@code dataShard} with the {@code
   * [position, limit)} bytes of {@code newData} and updates the parity buffers by the difference,
   * reading no other data buffer, as {@link #update(byte[][], int, byte[])}. The parity must match
   * the old data for the result to match a full re-encode. Positions and limits of all buffers,
   * {@code newData} included, are unchanged. Allocates a few small arrays per call.
   *
   * @param newData a buffer with the shards' {@code remaining()}, not one of the shard buffers nor
   *     sharing their content
   * @throws NullPointerException if an argument or a buffer is null
   * @throws IllegalArgumentException if {@code dataShard} is out of range, there are not {@code k +
   *     m} buffers, their remaining lengths differ, a written buffer (data shard {@code dataShard}
   *     or a parity buffer) is read-only or also used as another shard, or {@code newData} has the
   *     wrong {@code remaining()} or is one of the shard buffers
   */
  public void update(ByteBuffer[] shards, int dataShard, ByteBuffer newData) {
    Checks.index(dataShard, dataShards, "dataShard");
    boolean[] written = new boolean[totalShards];
    written[dataShard] = true;
    Arrays.fill(written, dataShards, totalShards, true);
    int length = Checks.commonRemaining(shards, totalShards, written);
    Objects.requireNonNull(newData, "newData");
    if (newData.remaining() != length) {
      throw new IllegalArgumentException(
          "newData.remaining() must equal the shards' remaining() "
              + length
              + ", got "
              + newData.remaining());
    }
    for (int i = 0; i < totalShards; i++) {
      if (shards[i] == newData) {
        throw new IllegalArgumentException(
            "newData must not be the same buffer as shards[" + i + "]");
      }
    }
    if (length == 0) {
      return;
    }
    if (parityShards > 0) {
      ByteBuffer[] in = new ByteBuffer[parityShards + 2];
      in[0] = shards[dataShard];
      in[1] = newData;
      System.arraycopy(shards, dataShards, in, 2, parityShards);
      kernel()
          .code(
              updateCoefficients(dataShard),
              in,
              positions(in),
              range(0, parityShards + 2),
              range(2, parityShards + 2),
              parityShards,
              length);
    }
    shards[dataShard].duplicate().put(newData.duplicate());
  }

  /**
   * Returns whether the parity buffers match the data buffers over their {@code [position, limit)}.
   * Reads only; allocates one scratch block of at most {@code m x 16} KiB.
   *
   * @throws NullPointerException if {@code shards} or one of its buffers is null
   * @throws IllegalArgumentException if there are not {@code k + m} buffers or their remaining
   *     lengths differ
   */
  public boolean verify(ByteBuffer[] shards) {
    int length = Checks.commonRemaining(shards, totalShards, new boolean[totalShards]);
    if (parityShards == 0 || length == 0) {
      return true;
    }
    int[] positions = positions(shards);
    int chunk = Math.min(length, 16 * 1024);
    byte[][] scratch = new byte[parityShards][chunk];
    int[] scratchIndices = range(0, parityShards);
    for (int from = 0; from < length; from += chunk) {
      int n = Math.min(chunk, length - from);
      kernel()
          .codeInto(
              parityCoefficients, shards, positions, from, dataIndices, scratch, scratchIndices, n);
      for (int p = 0; p < parityShards; p++) {
        ByteBuffer actual = shards[dataShards + p];
        int at = positions[dataShards + p] + from;
        for (int i = 0; i < n; i++) {
          if (actual.get(at + i) != scratch[p][i]) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static int[] positions(ByteBuffer[] shards) {
    int[] positions = new int[shards.length];
    for (int i = 0; i < shards.length; i++) {
      positions[i] = shards[i].position();
    }
    return positions;
  }

  private static List<Integer> missing(boolean[] present) {
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < present.length; i++) {
      if (!present[i]) {
        missing.add(i);
      }
    }
    return missing;
  }

  /**
   * Returns whether rebuilding the data of {@code present} takes the two-step decode: for tests.
   */
  boolean rebuildsDataInTwoSteps(boolean[] present) {
    DecodePlan plan = plan(present);
    return plan != null && twoStep(kernel(), plan, plan.dataOutputs);
  }

  /** Returns the capacity of the decoding-matrix cache (erasure patterns kept). */
  int decodeCacheCapacity() {
    return plans.capacity();
  }

  @Override
  public String toString() {
    return "ReedSolomon[" + construction + ", " + dataShards + "+" + parityShards + "]";
  }
}
