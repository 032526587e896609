package dev.blocks.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MoneySnippets {

  @Test
  void money() {
    // @start region=money
    Asset usd = Asset.iso("USD"); // scale 2, from the pinned ISO 4217 table
    Money price = Money.parse("200.00", usd); // 20000 minor units
    List<Money> thirds = price.split(1, 1, 1); // [USD 66.67, USD 66.67, USD 66.66]
    Asset token = Asset.custom("SATS-LIKE", 8);
    Money dust = Money.parse("0.00000001", token); // 1 minor unit
    // @end
    assertThat(price.minor()).isEqualTo(20_000);
    assertThat(thirds).extracting(Money::format).containsExactly("66.67", "66.67", "66.66");
    assertThat(dust.minor()).isEqualTo(1);
  }
}
