package dev.blocks.erasure;

/**
 * The generator-matrix construction of a systematic Reed-Solomon code; each one is byte-identical
 * to the standard coder it names.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public enum CodingMatrix {
  /**
   * The Vandermonde matrix {@code V[r][c] = r^c} (with {@code 0^0 = 1}) of {@code k + m} rows
   * multiplied by the inverse of its top {@code k x k} block, as in the Backblaze JavaReedSolomon
   * coder and klauspost/reedsolomon's default. Single parity is not XOR under this code.
   */
  VANDERMONDE,

  /**
   * The identity on top of the Cauchy rows {@code C[i][j] = 1 / (i xor j)} for {@code i} in {@code
   * [k, k + m)} and {@code j} in {@code [0, k)}, as in ISA-L's {@code gf_gen_cauchy1_matrix} and
   * Hadoop's {@code RSRawEncoder}.
   */
  CAUCHY
}
