package dev.blocks.erasure;

/**
 * Which implementation of the GF(2^8) coding loop a {@link ReedSolomon} coder runs: both produce
 * identical bytes, they differ only in speed. {@link ReedSolomon#activePath()} tells which one this
 * JVM uses.
 *
 * {@snippet class=dev.blocks.erasure.CodingPathSnippets region=activePath}
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public enum CodingPath {
  /**
   * Plain Java 17: eight GF(2^8) doubling planes of each input block on {@code long[]}, which the
   * JIT compiles to SIMD instructions without any incubator module. Always available.
   */
  PORTABLE,

  /**
   * The JDK Vector API ({@code jdk.incubator.vector}): a split-nibble table lookup (two 16-entry
   * tables per coefficient, applied with a byte-vector {@code rearrange}) that updates up to four
   * outputs per pass over the inputs. Used only on JDK 21 or newer, when the JVM was started with
   * {@code --add-modules jdk.incubator.vector}, the preferred vector size is at least 256 bits, the
   * jar's {@code META-INF/versions/21} layer is on the class path (a multi-release jar built with
   * JDK 21 or newer), a one-time self-check gave the same bytes as {@link #PORTABLE}, and the
   * system property {@code dev.blocks.erasure.simd} is not {@code false}. Then a one-time timed
   * self-check (on a daemon thread, once the JIT has compiled both loops: typically well under a
   * second to a few seconds after the first coder is created) keeps it only if it codes a small
   * stripe at least 1.25 times as fast as {@link #PORTABLE}; otherwise the JVM switches to {@link
   * #PORTABLE}. {@code -Ddev.blocks.erasure.simd=true} skips the vector-size gate and the timing.
   */
  VECTOR
}
