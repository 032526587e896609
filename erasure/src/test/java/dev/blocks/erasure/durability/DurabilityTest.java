package dev.blocks.erasure.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DurabilityTest {

  private static String sci(double v) {
    return String.format(Locale.ROOT, "%.3e", v);
  }

  @Test
  void golden_4plus2_afr10pct_1dayRepair() {
    Durability d = Durability.ofErasure(4, 2, 0.10, 1.0);
    assertThat(sci(d.annualLossProbability())).isEqualTo("1.500e-07");
    assertThat(d.wholeNines()).isEqualTo(6);
    assertThat(d.storageOverhead()).isEqualTo(1.5);
    assertThat(d.periodsPerYear()).isEqualTo(365);
  }

  @Test
  void golden_17plus3_afr081pct_6point5dayRepair() {
    Durability d = Durability.ofErasure(17, 3, 0.0081, 6.5);
    assertThat(sci(d.annualLossProbability())).isEqualTo("1.185e-10");
    assertThat(d.periodsPerYear()).isEqualTo(56);
    assertThat(d.wholeNines()).isEqualTo(9);
    assertThat(d.storageOverhead()).isCloseTo(20.0 / 17, within(1e-12));
  }

  @Test
  void replication_isOneDataShardWithCopiesMinusOneParity() {
    Durability three = Durability.ofReplication(3, 0.0081, 6.5);
    assertThat(three).isEqualTo(Durability.ofErasure(1, 2, 0.0081, 6.5));
    assertThat(three.storageOverhead()).isEqualTo(3.0);
    // Loss needs all three copies in one period: ~ periods * p^3.
    double p = 0.0081 / 56;
    assertThat(three.annualLossProbability()).isCloseTo(56 * p * p * p, within(1e-15));
  }

  /** The same model in exact decimal arithmetic: the slow, obviously correct reference. */
  private static double exactAnnualLoss(int k, int m, double afr, double days) {
    MathContext mc = MathContext.DECIMAL128;
    int periods = (int) Math.floor(365.0 / days);
    BigDecimal p = new BigDecimal(afr).divide(BigDecimal.valueOf(periods), mc);
    BigDecimal q = BigDecimal.ONE.subtract(p);
    int n = k + m;
    BigDecimal survive = BigDecimal.ZERO;
    for (int i = 0; i <= m; i++) {
      BigDecimal c = new BigDecimal(new java.math.BigInteger(binomial(n, i)));
      survive = survive.add(c.multiply(p.pow(i, mc), mc).multiply(q.pow(n - i, mc), mc), mc);
    }
    BigDecimal loss = BigDecimal.ONE.subtract(survive, mc);
    return BigDecimal.ONE.subtract(BigDecimal.ONE.subtract(loss).pow(periods, mc)).doubleValue();
  }

  private static String binomial(int n, int r) {
    java.math.BigInteger c = java.math.BigInteger.ONE;
    for (int i = 1; i <= r; i++) {
      c =
          c.multiply(java.math.BigInteger.valueOf(n - r + i))
              .divide(java.math.BigInteger.valueOf(i));
    }
    return c.toString();
  }

  @Test
  void annualLossMatchesExactDecimalModel() {
    qt().withExamples(150)
        .forAll(
            integers().between(1, 30),
            integers().between(0, 5),
            doubles().between(0.001, 0.3),
            doubles().between(0.5, 30))
        .checkAssert(
            (k, m, afr, days) -> {
              double exact = exactAnnualLoss(k, m, afr, days);
              double ours = Durability.ofErasure(k, m, afr, days).annualLossProbability();
              // The decimal model's result carries an absolute error up to ~1e-31 (seen: 4.4e-32
              // at 1.97e-25 for 4+4, AFR 0.001, 0.5 days), so a 1e-9 relative check is only
              // meaningful above ~1e-20.
              if (exact > 1e-20) {
                assertThat(ours).isCloseTo(exact, within(exact * 1e-9));
              }
            });
  }

  @Test
  void moreParity_shorterRepair_lowerFailureRate_neverIncreaseLoss() {
    qt().forAll(
            integers().between(1, 20),
            integers().between(0, 4),
            doubles().between(0.001, 0.2),
            doubles().between(1, 20))
        .checkAssert(
            (k, m, afr, days) -> {
              double base = Durability.ofErasure(k, m, afr, days).annualLossProbability();
              assertThat(Durability.ofErasure(k, m + 1, afr, days).annualLossProbability())
                  .isLessThanOrEqualTo(base);
              assertThat(Durability.ofErasure(k, m, afr / 2, days).annualLossProbability())
                  .isLessThanOrEqualTo(base);
            });
  }

  @Test
  void badInputs_nameTheValue() {
    assertThatThrownBy(() -> Durability.ofErasure(0, 2, 0.1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataShards must be >= 1, got 0");
    assertThatThrownBy(() -> Durability.ofErasure(250, 7, 0.1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parityShards must be in [0, 256 - dataShards = 6], got 7");
    assertThatThrownBy(() -> Durability.ofErasure(4, 2, 1.5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("annualFailureRate must be in (0, 1], got 1.5");
    assertThatThrownBy(() -> Durability.ofErasure(4, 2, Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("annualFailureRate must be in (0, 1], got NaN");
    assertThatThrownBy(() -> Durability.ofErasure(4, 2, 0.1, 400))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("repairDays must be in (0, 365], got 400.0");
    assertThatThrownBy(() -> Durability.ofReplication(0, 0.1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("copies must be in [1, 256], got 0");
  }
}
