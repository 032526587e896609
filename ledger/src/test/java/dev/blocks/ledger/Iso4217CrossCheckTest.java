package dev.blocks.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the pinned ISO 4217 table against an independent copy: the running JDK's {@link
 * Currency} data, which is also derived from ISO 4217. CI runs this on JDK 17 and on the newest JDK
 * present, so the table is checked against two releases of the JDK's data.
 */
class Iso4217CrossCheckTest {

  /** Codes in our table that JDK 17 and 25 do not know (funds codes the JDK leaves out). */
  private static final List<String> NOT_IN_JDK = List.of("UYW");

  @Test
  void everyPinnedCodeTheJdkKnows_hasTheJdksNumericCodeAndMinorUnits() {
    Map<String, Asset> table = Asset.isoTable();
    assertThat(table).hasSizeGreaterThan(150);
    List<String> mismatches = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (Asset asset : table.values()) {
      Currency jdk;
      try {
        jdk = Currency.getInstance(asset.code());
      } catch (IllegalArgumentException e) {
        unknown.add(asset.code());
        continue;
      }
      if (jdk.getNumericCode() != asset.numericCode()
          || jdk.getDefaultFractionDigits() != asset.scale()) {
        mismatches.add(
            asset
                + " vs JDK numeric "
                + jdk.getNumericCode()
                + ", digits "
                + jdk.getDefaultFractionDigits());
      }
    }
    assertThat(mismatches).as("pinned rows that disagree with java.util.Currency").isEmpty();
    assertThat(unknown).as("pinned codes the JDK does not know").isSubsetOf(NOT_IN_JDK);
  }
}
