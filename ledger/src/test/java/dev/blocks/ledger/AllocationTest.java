package dev.blocks.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class AllocationTest {

  private static Gen<long[]> ratios() {
    return integers()
        .between(1, 8)
        .flatMap(
            n ->
                lists()
                    .of(longs().between(0, Long.MAX_VALUE / 8).mix(longs().between(0, 10), 50))
                    .ofSize(n)
                    .map(l -> l.stream().mapToLong(Long::longValue).toArray())
                    .assuming(a -> Arrays.stream(a).anyMatch(r -> r > 0)));
  }

  @Test
  void largestRemainder_thirds_giveTheExtraUnitToTheFirst() {
    assertThat(Allocation.largestRemainder(100, 1, 1, 1)).containsExactly(34, 33, 33);
  }

  @Test
  void largestRemainder_largestFractionWins() {
    // exact shares: 1.5, 3.3 (x10 = 15, 33) ... 10 split 15:33:52 -> 1.5, 3.3, 5.2: floors 1, 3, 5
    // leave 1 unit, which goes to the largest remainder (0.5, index 0).
    assertThat(Allocation.largestRemainder(10, 15, 33, 52)).containsExactly(2, 3, 5);
  }

  @Test
  void partsAddUpToTheAmount() {
    qt().forAll(longs().between(0, Long.MAX_VALUE), ratios())
        .checkAssert(
            (amount, ratios) ->
                assertThat(Arrays.stream(Allocation.largestRemainder(amount, ratios)).sum())
                    .isEqualTo(amount));
  }

  @Test
  void everyPartIsWithinOneUnitOfItsExactShare() {
    qt().forAll(longs().between(0, Long.MAX_VALUE), ratios())
        .checkAssert(
            (amount, ratios) -> {
              long[] parts = Allocation.largestRemainder(amount, ratios);
              BigInteger sum = BigInteger.ZERO;
              for (long r : ratios) {
                sum = sum.add(BigInteger.valueOf(r));
              }
              for (int i = 0; i < ratios.length; i++) {
                BigInteger floor =
                    BigInteger.valueOf(amount).multiply(BigInteger.valueOf(ratios[i])).divide(sum);
                assertThat(BigInteger.valueOf(parts[i]).subtract(floor))
                    .as("part %d", i)
                    .isBetween(BigInteger.ZERO, BigInteger.ONE);
              }
            });
  }

  @Test
  void badInput_namesTheValue() {
    assertThatThrownBy(() -> Allocation.largestRemainder(-1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amount must be >= 0, got -1");
    assertThatThrownBy(() -> Allocation.largestRemainder(10, 1, -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ratios[1] must be >= 0, got -2");
    assertThatThrownBy(() -> Allocation.largestRemainder(10))
        .hasMessage("ratios must not be empty");
    assertThatThrownBy(() -> Allocation.largestRemainder(10, 0, 0))
        .hasMessage("ratios must not all be zero");
    assertThatThrownBy(() -> Allocation.largestRemainder(10, (long[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ratios");
  }
}
