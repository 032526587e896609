package dev.blocks.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The kernel selection's decision logic with injected environments and times: no test here measures
 * real time.
 */
class KernelsTest {

  /** A clock that only the fake kernels and pauses move. */
  private static final class FakeClock implements LongSupplier {
    long now = 1_000_000L;
    long pauses;

    void pause(long nanos) {
      now += nanos;
      pauses++;
    }

    @Override
    public long getAsLong() {
      return now;
    }
  }

  /**
   * A kernel with the portable kernel's bytes that claims {@code path} and {@code bits}, and whose
   * i-th call takes {@code costs[min(i, costs.length - 1)]} nanoseconds of the fake clock.
   */
  private static class FakeKernel extends Kernel {
    private final CodingPath path;
    private final int bits;
    private final FakeClock clock;
    private final long[] costs;
    int calls;

    FakeKernel(CodingPath path, int bits, FakeClock clock, long... costs) {
      this.path = path;
      this.bits = bits;
      this.clock = clock;
      this.costs = costs;
    }

    @Override
    CodingPath path() {
      return path;
    }

    @Override
    int vectorBits() {
      return bits;
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
      if (clock != null && costs.length > 0) {
        clock.now += costs[Math.min(calls, costs.length - 1)];
      }
      calls++;
    }
  }

  private static final Kernel PORTABLE = CodingLoop.INSTANCE;

  private static FakeKernel vector(int bits) {
    return new FakeKernel(CodingPath.VECTOR, bits, null);
  }

  private static Kernels.Choice choose(String property, int feature, boolean module, Kernel v) {
    return Kernels.choose(property, feature, module, () -> v, PORTABLE);
  }

  @Test
  void choose_portable_whenDisabled_beforeJdk21_withoutModule_orWithoutClass() {
    Kernel v = vector(512);
    assertThat(choose("false", 25, true, v).kernel).isSameAs(PORTABLE);
    assertThat(choose(" FALSE ", 25, true, v).reason).contains("=false");
    Kernels.Choice old = choose(null, 17, true, v);
    assertThat(old.kernel).isSameAs(PORTABLE);
    assertThat(old.reason).contains("JDK 17 < 21");
    assertThat(choose("true", 20, true, v).kernel).isSameAs(PORTABLE);
    Kernels.Choice noModule = choose(null, 25, false, v);
    assertThat(noModule.kernel).isSameAs(PORTABLE);
    assertThat(noModule.reason).contains("--add-modules jdk.incubator.vector");
    Kernels.Choice noClass = choose("true", 25, true, null);
    assertThat(noClass.kernel).isSameAs(PORTABLE);
    assertThat(noClass.reason).contains("not found");
    for (Kernels.Choice c : new Kernels.Choice[] {old, noModule, noClass}) {
      assertThat(c.timed).isFalse();
      assertThat(c.warning).isFalse();
    }
  }

  @Test
  void choose_narrowVectors_portableUnlessForced() {
    Kernels.Choice auto = choose(null, 21, true, vector(128));
    assertThat(auto.kernel).isSameAs(PORTABLE);
    assertThat(auto.reason).contains("128 bits < 256 bits");
    Kernels.Choice forced = choose("true", 21, true, vector(128));
    assertThat(forced.kernel.path()).isEqualTo(CodingPath.VECTOR);
    assertThat(forced.timed).isFalse();
  }

  @Test
  void choose_correctVector_isTimed_unlessForced() {
    FakeKernel v = vector(256);
    Kernels.Choice auto = choose(null, 25, true, v);
    assertThat(auto.kernel).isSameAs(v);
    assertThat(auto.timed).isTrue();
    assertThat(choose("", 25, true, v).timed).isTrue();
    Kernels.Choice forced = choose("true", 25, true, v);
    assertThat(forced.kernel).isSameAs(v);
    assertThat(forced.timed).isFalse();
    assertThat(forced.reason).contains("forced by -Ddev.blocks.erasure.simd=true");
  }

  @Test
  void choose_wrongVector_isNeverUsed_evenWhenForced() {
    Kernel wrong =
        new FakeKernel(CodingPath.VECTOR, 512, null) {
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
            // Writes zeros: wrong for any non-zero input.
            CodingLoop.INSTANCE.codeByInputs(
                new int[coefficients.length],
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
          }
        };
    for (String property : new String[] {null, "true"}) {
      Kernels.Choice c = choose(property, 25, true, wrong);
      assertThat(c.kernel).isSameAs(PORTABLE);
      assertThat(c.warning).isTrue();
      assertThat(c.reason).startsWith("self-check failed");
    }
  }

  @Test
  void decide_keepsVector_onlyWhenAtLeast125PercentAsFast() {
    Kernel v = vector(512);
    assertThat(Kernels.decide(new Kernels.Measurement(100, 300, 10, 5), v, PORTABLE).kernel)
        .isSameAs(v);
    // Exactly 1.25x: kept.
    assertThat(Kernels.decide(new Kernels.Measurement(100, 125, 10, 5), v, PORTABLE).kernel)
        .isSameAs(v);
    Kernels.Choice close = Kernels.decide(new Kernels.Measurement(100, 124, 10, 5), v, PORTABLE);
    assertThat(close.kernel).isSameAs(PORTABLE);
    assertThat(close.reason).contains("vector 100 ns", "portable 124 ns", "not 125 % as fast");
    assertThat(Kernels.decide(new Kernels.Measurement(300, 100, 10, 5), v, PORTABLE).kernel)
        .isSameAs(PORTABLE);
    Kernels.Choice kept =
        Kernels.decide(new Kernels.Measurement(50, 400, 7, 3_000_000), v, PORTABLE);
    assertThat(kept.reason).contains("(8.00x)", "7 rounds in 3 ms");
    assertThat(kept.timed).isFalse();
    assertThat(kept.warning).isFalse();
  }

  @Test
  void measure_takesEachKernelsBestTime_andStopsWhenStable() {
    FakeClock clock = new FakeClock();
    // The vector kernel is slow until "compiled" after 50 calls; the portable one after 5.
    long[] vectorCosts = new long[51];
    java.util.Arrays.fill(vectorCosts, 100_000L);
    vectorCosts[50] = 1_000L;
    FakeKernel v = new FakeKernel(CodingPath.VECTOR, 512, clock, vectorCosts);
    FakeKernel p =
        new FakeKernel(CodingPath.PORTABLE, 64, clock, 9_000, 9_000, 9_000, 9_000, 9_000, 4_000);
    Kernels.Measurement m =
        Kernels.measure(v, p, clock, clock::pause, 10_000_000L, 1_000_000_000L, 2_000_000_000L);
    assertThat(m.vectorNanos).isEqualTo(1_000L);
    assertThat(m.portableNanos).isEqualTo(4_000L);
    // Rounds 7 to 50 (about 4.8 ms) improve nothing, within the 10 ms window; the last
    // improvement is at round 51, then 10 ms of rounds of 5 us each.
    assertThat(m.rounds).isEqualTo(51 + 2000);
    assertThat(v.calls).isEqualTo(m.rounds);
    assertThat(p.calls).isEqualTo(m.rounds);
    assertThat(Kernels.decide(m, v, p).kernel).isSameAs(v);
  }

  @Test
  void measure_givesAnUncompiledVectorKernelTheLongBudget_atAFifthOfACore_thenItsCompiledTime() {
    FakeClock clock = new FakeClock();
    // 100x slower than the portable kernel (uncompiled) for 150 calls, then 5x faster.
    long[] costs = new long[151];
    java.util.Arrays.fill(costs, 100_000L);
    costs[150] = 200L;
    FakeKernel v = new FakeKernel(CodingPath.VECTOR, 512, clock, costs);
    FakeKernel p = new FakeKernel(CodingPath.PORTABLE, 64, clock, 1_000L);
    Kernels.Measurement m =
        Kernels.measure(v, p, clock, clock::pause, 1_000_000L, 10_000_000L, 1_000_000_000L);
    assertThat(m.vectorNanos).isEqualTo(200L);
    // Rounds after the 10 ms budget pause four times their length.
    assertThat(clock.pauses).isGreaterThan(0);
    assertThat(m.elapsedNanos).isLessThan(1_000_000_000L);
    assertThat(Kernels.decide(m, v, p).kernel).isSameAs(v);
  }

  @Test
  void measure_aVectorKernelThatNeverCompiles_endsAtTheLongBudget_andIsNotUsed() {
    FakeClock clock = new FakeClock();
    FakeKernel v = new FakeKernel(CodingPath.VECTOR, 512, clock, 100_000L);
    FakeKernel p = new FakeKernel(CodingPath.PORTABLE, 64, clock, 1_000L);
    Kernels.Measurement m =
        Kernels.measure(v, p, clock, clock::pause, 1_000_000L, 10_000_000L, 100_000_000L);
    // About 10 ms of 101 us rounds, then rounds of 101 us plus a 404 us pause up to 100 ms.
    assertThat(m.elapsedNanos).isBetween(100_000_000L, 100_000_000L + 505_000L);
    assertThat(clock.pauses).isEqualTo(m.rounds - 1 - 99);
    assertThat(Kernels.decide(m, v, p).kernel).isSameAs(p);
  }

  @Test
  void measure_givesASlowerVectorKernelTheWholeBudget() {
    FakeClock clock = new FakeClock();
    FakeKernel v = new FakeKernel(CodingPath.VECTOR, 512, clock, 5_000L);
    FakeKernel p = new FakeKernel(CodingPath.PORTABLE, 64, clock, 1_000L);
    // Stable from the first round and compiled-looking, but slower: no early stop, no pause.
    Kernels.Measurement m =
        Kernels.measure(v, p, clock, clock::pause, 1_000_000L, 20_000_000L, 1_000_000_000L);
    assertThat(m.rounds).isEqualTo((20_000_000L + 5_999L) / 6_000L);
    assertThat(m.elapsedNanos).isGreaterThanOrEqualTo(20_000_000L);
    assertThat(clock.pauses).isZero();
    assertThat(Kernels.decide(m, v, p).kernel).isSameAs(p);
  }
}
