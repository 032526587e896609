package dev.blocks.erasure;

import java.nio.ByteBuffer;

/**
 * A coding kernel: multiplies a coefficient matrix by a set of input shards and writes the products
 * to a set of output shards, {@code out[o] = sum_j coef[o][j] * in[j]} over GF(2^8). Two
 * implementations give identical bytes: the portable {@link CodingLoop} (Java 17) and {@code
 * VectorKernel}, which uses {@code jdk.incubator.vector} and exists only in the {@code
 * META-INF/versions/21} layer of the multi-release jar; {@link Kernels} chooses one at run time.
 *
 * <p>Thread-safety: implementations are stateless apart from per-thread scratch.
 */
abstract class Kernel {

  /** The path this kernel implements. */
  abstract CodingPath path();

  /** The width in bits of the registers the kernel is written for. */
  abstract int vectorBits();

  /**
   * Computes, for {@code i < length} and {@code o < outputCount}, {@code
   * outShards[outputs[o]][outOffsets[outputs[o]] + outOffset + i] = sum_j coefficients[o *
   * inputs.length + j] * inShards[inputs[j]][inOffsets[inputs[j]] + inOffset + i]}; a null offsets
   * array counts as all zeros. Each shard is a {@code byte[]} or a {@link ByteBuffer} (absolute
   * indices; position, limit and byte order are ignored and not changed).
   *
   * <p>Inputs are only read. An output may be the same shard as an input only if no other output
   * row has a non-zero coefficient for that input (as in a parity update): for each stretch of
   * bytes, all the inputs of a row are read before the row's output is written.
   *
   * @param coefficients row-major {@code outputCount x inputs.length} field elements
   */
  abstract void codeByInputs(
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
      int length);

  /**
   * Computes {@code outShards[outputs[o]][outOffset + i] = sum_j coefficients[o * inputs.length +
   * j] * inShards[inputs[j]][inOffset + i]} for {@code i < length} and {@code o < outputCount}.
   */
  final void code(
      int[] coefficients,
      byte[][] inShards,
      int[] inputs,
      int inOffset,
      byte[][] outShards,
      int[] outputs,
      int outputCount,
      int outOffset,
      int length) {
    if (outputCount == 0 || length == 0) {
      return;
    }
    codeByInputs(
        coefficients,
        inShards,
        inputs,
        null,
        inOffset,
        outShards,
        outputs,
        outputCount,
        null,
        outOffset,
        length);
  }

  /**
   * Codes {@code length} bytes from input buffers starting at {@code offsets[s] + inOffset} into
   * byte arrays starting at 0, for checking parity without writing the buffers.
   */
  final void codeInto(
      int[] coefficients,
      ByteBuffer[] shards,
      int[] offsets,
      int inOffset,
      int[] inputs,
      byte[][] out,
      int[] outputs,
      int length) {
    if (outputs.length == 0 || length == 0) {
      return;
    }
    codeByInputs(
        coefficients,
        shards,
        inputs,
        offsets,
        inOffset,
        out,
        outputs,
        outputs.length,
        null,
        0,
        length);
  }

  /**
   * As {@link #code(int[], byte[][], int[], int, byte[][], int[], int, int, int)} on byte buffers
   * (heap or direct): shard {@code s} starts at absolute index {@code offsets[s]}. Positions and
   * limits are not changed.
   */
  final void code(
      int[] coefficients,
      ByteBuffer[] shards,
      int[] offsets,
      int[] inputs,
      int[] outputs,
      int outputCount,
      int length) {
    if (outputCount == 0 || length == 0) {
      return;
    }
    codeByInputs(
        coefficients, shards, inputs, offsets, 0, shards, outputs, outputCount, offsets, 0, length);
  }
}
