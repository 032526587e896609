package dev.blocks.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.junit.jupiter.api.Test;

class MoneyTest {

  @Test
  void isoTable_hasTheUsualScales() {
    assertThat(Asset.iso("USD").scale()).isEqualTo(2);
    assertThat(Asset.iso("JPY").scale()).isZero();
    assertThat(Asset.iso("BHD").scale()).isEqualTo(3);
    assertThat(Asset.iso("CLF").scale()).isEqualTo(4);
    assertThat(Asset.iso("USD").numericCode()).isEqualTo(840);
    assertThat(Asset.isoTable()).hasSizeGreaterThan(150);
  }

  @Test
  void unknownIsoCode_isRejected() {
    assertThatThrownBy(() -> Asset.iso("XYZ"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("code must be an ISO 4217 currency with minor units, got \"XYZ\"");
    assertThatThrownBy(() -> Asset.custom("TOK", 19))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scale must be in [0, 18], got 19");
  }

  @Test
  void parseOfFormatIsIdentity() {
    qt().forAll(longs().all(), integers().between(0, 18))
        .checkAssert(
            (minor, scale) -> {
              Money m = Money.ofMinor(minor, Asset.custom("T", scale));
              assertThat(Money.parse(m.format(), m.asset())).isEqualTo(m);
            });
  }

  @Test
  void parse_rejectsTooManyDecimalsAndNonPlainText() {
    Asset usd = Asset.iso("USD");
    assertThatThrownBy(() -> Money.parse("1.005", usd))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text must have at most 2 decimals for USD, got \"1.005\"");
    assertThatThrownBy(() -> Money.parse("1e3", usd)).hasMessageContaining("plain decimal");
    assertThatThrownBy(() -> Money.parse("92233720368547758.08", usd))
        .hasMessageContaining("fit in a long");
  }

  @Test
  void splitLosesNoMinorUnit() {
    qt().forAll(longs().between(0, Long.MAX_VALUE), integers().between(1, 9))
        .checkAssert(
            (minor, n) -> {
              long[] ratios = new long[n];
              java.util.Arrays.fill(ratios, 1);
              List<Money> parts = Money.ofMinor(minor, Asset.iso("EUR")).split(ratios);
              assertThat(parts.stream().mapToLong(Money::minor).sum()).isEqualTo(minor);
            });
  }

  @Test
  void plus_rejectsMixedAssets() {
    assertThatThrownBy(
            () -> Money.ofMinor(1, Asset.iso("USD")).plus(Money.ofMinor(1, Asset.iso("EUR"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("other must be in USD, got EUR");
  }
}
