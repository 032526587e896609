package dev.blocks.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which coding path runs. The build's JDK 21+ profile compiles the vector kernel and starts the
 * tests with {@code --add-modules jdk.incubator.vector}, so there the vector path must be active:
 * this test fails if a JDK 21+ build silently tested only the portable path.
 */
class CodingPathTest {

  @Test
  void vectorPath_isActive_onJdk21AndLater_unlessDisabled_andPortableBefore() {
    boolean disabled = "false".equalsIgnoreCase(System.getProperty(Kernels.PROPERTY, ""));
    CodingPath expected =
        Runtime.version().feature() >= 21 && !disabled ? CodingPath.VECTOR : CodingPath.PORTABLE;
    assertThat(ReedSolomon.activePath()).as(Kernels.reason()).isEqualTo(expected);
    assertThat(Kernels.active().path()).isEqualTo(expected);
  }

  @Test
  void vectorKernel_isLoadable_exactlyOnJdk21AndLater_andPassesTheSelfCheck() {
    Kernel vector = Kernels.loadVector();
    if (Runtime.version().feature() >= 21) {
      assertThat(vector)
          .as("the META-INF/versions/21 layer must be on the test class path")
          .isNotNull();
      assertThat(vector.vectorBits()).isGreaterThanOrEqualTo(256);
      assertThat(Kernels.selfCheck(vector, CodingLoop.INSTANCE)).isNull();
    } else {
      assertThat(vector).isNull();
    }
  }

  @Test
  void selfCheck_reportsAKernelThatDiffers() {
    Kernel wrong =
        new Kernel() {
          @Override
          CodingPath path() {
            return CodingPath.VECTOR;
          }

          @Override
          int vectorBits() {
            return 512;
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
            CodingLoop.INSTANCE.codeByInputs(
                coefficients,
                inShards,
                inputs,
                inOffsets,
                inOffset,
                outShards,
                outputs,
                outputCount,
                outOffsets,
                outOffset,
                length);
            // Flip the last byte of the last output: a kernel wrong in one byte of its tail.
            Object last = outShards[outputs[outputCount - 1]];
            int at =
                (outOffsets == null ? 0 : outOffsets[outputs[outputCount - 1]])
                    + outOffset
                    + length
                    - 1;
            if (last instanceof byte[]) {
              ((byte[]) last)[at] ^= 1;
            } else {
              java.nio.ByteBuffer b = (java.nio.ByteBuffer) last;
              b.put(at, (byte) (b.get(at) ^ 1));
            }
          }
        };
    assertThat(Kernels.selfCheck(wrong, CodingLoop.INSTANCE)).startsWith("1 inputs x 1 outputs");
    assertThat(Kernels.selfCheck(CodingLoop.INSTANCE, CodingLoop.INSTANCE)).isNull();
  }
}
