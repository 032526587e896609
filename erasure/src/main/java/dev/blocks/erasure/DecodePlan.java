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

  private DecodePlan(
      long w0,
      long w1,
      long w2,
      long w3,
      int[] inputs,
      int[] outputs,
      int dataOutputs,
      int[] coefficients) {
    this.w0 = w0;
    this.w1 = w1;
    this.w2 = w2;
    this.w3 = w3;
    this.inputs = inputs;
    this.outputs = outputs;
    this.dataOutputs = dataOutputs;
    this.coefficients = coefficients;
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
    return new DecodePlan(w0, w1, w2, w3, inputs, outputs, dataOutputs, coefficients);
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
