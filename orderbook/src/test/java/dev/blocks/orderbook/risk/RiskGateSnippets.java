package dev.blocks.orderbook.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderRequest;
import dev.blocks.orderbook.Side;
import org.junit.jupiter.api.Test;

class RiskGateSnippets {

  @Test
  void gate() {
    // @start region=gate
    RiskGate gate = new RiskGate(10_000); // price collar centred on 10_000 until the first trade
    MatchingEngine engine = MatchingEngine.builder().capacity(1_000).listener(gate).build();
    gate.attach(engine);
    AccountLimits limits = new AccountLimits(1_000, 10_000_000, 500, 10_000);
    gate.openAccount(1, limits, 3_000_000, 0); // a buyer with cash
    gate.openAccount(2, limits, 0, 800); // a seller with 800 lots
    OrderRequest r = new OrderRequest();
    gate.submit(r.clear().orderId(1).owner(2).side(Side.SELL).limit(10_010).quantity(500));
    RiskDecision tooBig =
        gate.submit(r.clear().orderId(2).owner(1).side(Side.BUY).limit(10_010).quantity(5_000));
    // tooBig.rule() == MAX_ORDER_QUANTITY: "quantity 5000 > maxOrderQuantity 1000"
    gate.submit(r.clear().orderId(3).owner(1).side(Side.BUY).limit(10_010).quantity(200));
    // the buyer paid 200 x 10_010 and holds 200 lots; the seller still reserves 300
    // @end
    assertThat(tooBig.rule()).isEqualTo(RiskRule.MAX_ORDER_QUANTITY);
    assertThat(tooBig.detail()).isEqualTo("quantity 5000 > maxOrderQuantity 1000");
    assertThat(gate.cash(1)).isEqualTo(3_000_000 - 200 * 10_010);
    assertThat(gate.units(1)).isEqualTo(200);
    assertThat(gate.reservedUnits(2)).isEqualTo(300);
  }
}
