package dev.blocks.erasure;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * How to rebuild the missing shards of one erasure pattern: which {@code k} present shards to read,
 * which shards to write (missing data shards first, then missing parity shards), and the
 * multiplication-table rows of the decoding matrix.
 *
 * <p>Immutable.
 */
final class DecodePlan {

  /** The present-shard bit mask (shard {@code i} is bit {@code i % 64} of word {@code i / 64}). */
  final long w0;

  final long w1;
  final long w2;
  final long w3;

  /** Indices of the {@code k} shards read, ascending. */
  final int[] inputs;

  /** Indices of the missing shards, data shards first, each group ascending. */
  final int[] outputs;

  /** How many of {@link #outputs} are data shards. */
  final int dataOutputs;

  /** {@code outputs.length x k} decoding coefficients, row-major. */
  final int[] coefficients;

  /**
   * The missing data shards ({@code outputs[0, dataOutputs)}), for the two-step decode; null when
   * the one-step decode is cheaper for {@link CodingLoop}.
   */
  final int[] syndromeOutputs;

  /**
   * Step one of the two-step decode, {@code dataOutputs x k} over {@link #inputs}: row {@code o}
   * computes the syndrome of the {@code o}-th parity input, that parity plus the parity of the
   * present data, which equals the parity of the missing data alone. Null with {@link
   * #syndromeOutputs}.
   */
  final int[] syndromeCoefficients;

  /**
   * Step two, {@code dataOutputs x dataOutputs}: the inverse of the missing data's columns of those
   * parity rows, turning the syndromes into the missing data. Null with {@link #syndromeOutputs}.
   */
  final int[] solveCoefficients;

  private DecodePlan(
      long w0,
      long w1,
      long w2,
      long w3,
      int[] inputs,
      int[] outputs,
      int dataOutputs,
      int[] coefficients,
      int[][] syndrome) {
    this.w0 = w0;
    this.w1 = w1;
    this.w2 = w2;
    this.w3 = w3;
    this.inputs = inputs;
    this.outputs = outputs;
    this.dataOutputs = dataOutputs;
    this.coefficients = coefficients;
    this.syndromeOutputs = syndrome == null ? null : syndrome[0];
    this.syndromeCoefficients = syndrome == null ? null : syndrome[1];
    this.solveCoefficients = syndrome == null ? null : syndrome[2];
  }

  boolean matches(long v0, long v1, long v2, long v3) {
    return w0 == v0 && w1 == v1 && w2 == v2 && w3 == v3;
  }

  /** Derives the plan for the given present mask from the {@code n x k} generator matrix. */
  static DecodePlan create(int[][] generator, int k, long w0, long w1, long w2, long w3) {
    int n = generator.length;
    long[] words = {w0, w1, w2, w3};
    int[] inputs = new int[k];
    int[] outputs = new int[n];
    int found = 0;
    int missing = 0;
    int dataOutputs = 0;
    for (int i = 0; i < n; i++) {
      boolean present = (words[i >>> 6] & (1L << i)) != 0;
      if (present && found < k) {
        inputs[found++] = i;
      } else if (!present) {
        outputs[missing++] = i;
        if (i < k) {
          dataOutputs++;
        }
      }
    }
    outputs = Arrays.copyOf(outputs, missing);
    int[][] sub = new int[k][];
    for (int r = 0; r < k; r++) {
      sub[r] = generator[inputs[r]];
    }
    // decode * (the chosen shards) = the data shards; generator row * data = any shard.
    int[][] decode = GfMatrix.invert(sub);
    int[] coefficients = new int[missing * k];
    for (int o = 0; o < missing; o++) {
      int[] row =
          outputs[o] < k
              ? decode[outputs[o]]
              : GfMatrix.multiply(new int[][] {generator[outputs[o]]}, decode)[0];
      for (int j = 0; j < k; j++) {
        coefficients[o * k + j] = row[j];
      }
    }
    int[][] syndrome = syndromeDecode(generator, k, inputs, outputs, dataOutputs, coefficients);
    return new DecodePlan(w0, w1, w2, w3, inputs, outputs, dataOutputs, coefficients, syndrome);
  }

  /**
   * Returns {outputs, step one, step two} of the two-step (syndrome-first) decode of the missing
   * data shards, or null if it would cost {@link CodingLoop} more than the one-step decode.
   *
   * <p>The inputs are the {@code k - e} present data shards followed by {@code e} parity shards
   * ({@code e} = missing data shards). Parity row {@code p} plus its present-data terms leaves
   * {@code A d_missing} with {@code A} the {@code e x e} block of the parity rows on the missing
   * columns; so step one computes those {@code e} syndromes with the encoding coefficients (and a
   * plain XOR of each parity), and step two multiplies them by {@code A^-1} in place. The same data
   * results as from the inverted {@code k x k} matrix, but when {@code e} is small against {@code
   * k} most coefficients are the encoding ones, which cost {@link CodingLoop} fewer passes than the
   * dense rows of the inverse (17+3: 296 against 327 passes).
   */
  private static int[][] syndromeDecode(
      int[][] generator, int k, int[] inputs, int[] outputs, int e, int[] direct) {
    if (e == 0) {
      return null;
    }
    int[] step1 = new int[e * k];
    int[][] block = new int[e][e];
    for (int o = 0; o < e; o++) {
      int parity = inputs[k - e + o];
      for (int j = 0; j < k - e; j++) {
        step1[o * k + j] = generator[parity][inputs[j]];
      }
      step1[o * k + k - e + o] = 1;
      for (int l = 0; l < e; l++) {
        block[o][l] = generator[parity][outputs[l]];
      }
    }
    int[][] inverse = GfMatrix.invert(block);
    int[] step2 = new int[e * e];
    for (int l = 0; l < e; l++) {
      System.arraycopy(inverse[l], 0, step2, l * e, e);
    }
    // Step two re-reads and re-writes the e outputs: count that as one more pass per output.
    int twoStep = CodingLoop.passes(step1, e, k) + CodingLoop.passes(step2, e, e) + e;
    if (twoStep >= CodingLoop.passes(direct, e, k)) {
      return null;
    }
    return new int[][] {Arrays.copyOf(outputs, e), step1, step2};
  }

  /**
   * A bounded, thread-safe cache of plans: direct-mapped by a hash of the mask, each slot holding
   * one immutable plan published through an {@link AtomicReferenceArray}. A collision replaces the
   * older plan; a lookup that hits allocates nothing.
   */
  static final class Cache {
    private final AtomicReferenceArray<DecodePlan> slots;
    private final int mask;

    Cache(int capacity) {
      int size = Integer.highestOneBit(Math.max(1, capacity));
      this.slots = new AtomicReferenceArray<>(size);
      this.mask = size - 1;
    }

    DecodePlan get(int[][] generator, int k, long w0, long w1, long w2, long w3) {
      long h = w0 * 0x9E3779B97F4A7C15L;
      h = (h ^ w1) * 0x9E3779B97F4A7C15L;
      h = (h ^ w2) * 0x9E3779B97F4A7C15L;
      h = (h ^ w3) * 0x9E3779B97F4A7C15L;
      int slot = (int) (h >>> 40) & mask;
      DecodePlan plan = slots.get(slot);
      if (plan != null && plan.matches(w0, w1, w2, w3)) {
        return plan;
      }
      plan = create(generator, k, w0, w1, w2, w3);
      slots.set(slot, plan);
      return plan;
    }

    int capacity() {
      return slots.length();
    }
  }
}
