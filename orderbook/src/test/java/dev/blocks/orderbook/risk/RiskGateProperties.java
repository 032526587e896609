package dev.blocks.orderbook.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.blocks.orderbook.Commands;
import dev.blocks.orderbook.Commands.Command;
import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderRequest;
import dev.blocks.orderbook.Side;
import org.junit.jupiter.api.Test;

class RiskGateProperties {

  static final long[] ACCOUNTS = {1, 2, 3};

  /**
   * After every command: each account's reservations equal the exposure of its live orders in the
   * engine (buys: reservation price × remaining; sells: remaining), nobody's free balance is
   * negative, and cash and units are conserved across accounts.
   */
  @Test
  void reservationsEqualOpenExposure_andNoAccountOverspends() {
    qt().withExamples(300)
        .forAll(lists().of(Commands.commands()).ofSizeBetween(1, 80))
        .checkAssert(
            commands -> {
              RiskGate gate = new RiskGate(100);
              MatchingEngine engine = MatchingEngine.builder().capacity(64).listener(gate).build();
              gate.attach(engine);
              AccountLimits limits = new AccountLimits(15, 1_500, 6, 60);
              for (long a : ACCOUNTS) {
                gate.openAccount(a, limits, 3_000, 40);
              }
              java.util.Map<Long, long[]> orders =
                  new java.util.HashMap<>(); // id -> owner, buy, price
              OrderRequest scratch = new OrderRequest();
              for (Command c : commands) {
                if (c instanceof Commands.New n) {
                  if (gate.submit(n.fill(scratch)).accepted()
                      || engine.remainingQuantity(n.id()) > 0) {
                    orders.putIfAbsent(
                        n.id(), new long[] {n.owner(), n.side() == Side.BUY ? 1 : 0, n.price()});
                  }
                } else if (c instanceof Commands.Modify m) {
                  if (gate.modify(m.id(), m.price(), m.qty()).accepted()) {
                    orders.get(m.id())[2] = m.price();
                  }
                } else if (c instanceof Commands.Cancel x) {
                  engine.cancel(x.id());
                } else {
                  engine.expireSession();
                }
                long totalCash = 0;
                long totalUnits = 0;
                for (long a : ACCOUNTS) {
                  long cash = 0;
                  long units = 0;
                  for (var e : orders.entrySet()) {
                    long rem = engine.remainingQuantity(e.getKey());
                    if (e.getValue()[0] == a && rem > 0) {
                      if (e.getValue()[1] == 1) {
                        cash += e.getValue()[2] * rem;
                      } else {
                        units += rem;
                      }
                    }
                  }
                  assertThat(gate.reservedCash(a))
                      .as("cash reserved by %d after %s", a, c)
                      .isEqualTo(cash);
                  assertThat(gate.reservedUnits(a))
                      .as("units reserved by %d after %s", a, c)
                      .isEqualTo(units);
                  assertThat(gate.cash(a) - gate.reservedCash(a))
                      .as("free cash of %d", a)
                      .isNotNegative();
                  assertThat(gate.units(a) - gate.reservedUnits(a))
                      .as("free units of %d", a)
                      .isNotNegative();
                  totalCash += gate.cash(a);
                  totalUnits += gate.units(a);
                }
                assertThat(totalCash).as("cash conserved").isEqualTo(3 * 3_000);
                assertThat(totalUnits).as("units conserved").isEqualTo(3 * 40);
                orders.keySet().removeIf(id -> engine.remainingQuantity(id) == 0);
              }
            });
  }

  @Test
  void everyRule_rejectsWithItsValues_andChangesNothing() {
    RiskGate gate = new RiskGate(100);
    MatchingEngine engine = MatchingEngine.builder().capacity(16).listener(gate).build();
    gate.attach(engine);
    gate.openAccount(1, new AccountLimits(10, 500, 5, 12), 700, 3);
    OrderRequest r = new OrderRequest();
    long hash = engine.stateHash();
    assertThat(gate.submit(r.clear().orderId(1).owner(9).side(Side.BUY).limit(100).quantity(1)))
        .isEqualTo(new RiskDecision(RiskRule.UNKNOWN_ACCOUNT, "owner 9 has no account"));
    assertThat(gate.submit(r.clear().orderId(1).owner(1).side(Side.BUY).limit(100).quantity(11)))
        .isEqualTo(
            new RiskDecision(RiskRule.MAX_ORDER_QUANTITY, "quantity 11 > maxOrderQuantity 10"));
    assertThat(gate.submit(r.clear().orderId(1).owner(1).side(Side.BUY).limit(100).quantity(6)))
        .isEqualTo(new RiskDecision(RiskRule.MAX_NOTIONAL, "notional 100 x 6 > maxNotional 500"));
    assertThat(gate.submit(r.clear().orderId(1).owner(1).side(Side.BUY).limit(94).quantity(1)))
        .isEqualTo(
            new RiskDecision(RiskRule.PRICE_COLLAR, "price 94 is more than 5 from reference 100"));
    assertThat(gate.submit(r.clear().orderId(1).owner(1).side(Side.SELL).limit(100).quantity(4)))
        .isEqualTo(new RiskDecision(RiskRule.INSUFFICIENT_HOLDINGS, "reserve 4 > free units 3"));
    assertThat(gate.submit(r.clear().orderId(1).owner(1).side(Side.BUY).limit(100).quantity(5)))
        .isEqualTo(RiskDecision.ACCEPTED);
    assertThat(gate.submit(r.clear().orderId(2).owner(1).side(Side.BUY).limit(100).quantity(3)))
        .isEqualTo(new RiskDecision(RiskRule.INSUFFICIENT_FUNDS, "reserve 300 > free cash 200"));
    assertThat(
            gate.submit(r.clear().orderId(2).owner(1).side(Side.BUY).limit(50).quantity(5)).rule())
        .isEqualTo(RiskRule.PRICE_COLLAR);
    assertThat(gate.submit(r.clear().orderId(1).owner(1).side(Side.BUY).limit(100).quantity(1)))
        .isEqualTo(new RiskDecision(RiskRule.DUPLICATE_ORDER_ID, "order id 1 is live"));
    assertThat(gate.submit(r.clear().orderId(2).owner(1).side(Side.BUY).limit(96).quantity(5)))
        .isEqualTo(
            new RiskDecision(
                RiskRule.POSITION_LIMIT, "position with open buys 13 > maxPosition 12"));
    assertThat(gate.modify(7, 100, 1))
        .isEqualTo(new RiskDecision(RiskRule.UNKNOWN_ORDER, "order 7 is not live"));
    assertThat(gate.reservedCash(1)).isEqualTo(500);
    assertThat(engine.remainingQuantity(1)).isEqualTo(5);
    assertThat(engine.orderCount()).isEqualTo(1);
    assertThat(hash).isNotEqualTo(engine.stateHash());
  }

  @Test
  void misuse_throwsClearExceptions() {
    RiskGate gate = new RiskGate(100);
    assertThatThrownBy(() -> gate.submit(new OrderRequest()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no engine attached: call attach(engine) first");
    assertThatThrownBy(() -> new RiskGate(0)).hasMessage("referencePrice must be > 0, got 0");
    assertThatThrownBy(() -> new AccountLimits(1, 1, 0, 1))
        .hasMessage("priceCollar must be > 0, got 0");
    gate.openAccount(1, new AccountLimits(1, 1, 1, 1), 0, 0);
    assertThatThrownBy(() -> gate.openAccount(1, new AccountLimits(1, 1, 1, 1), 0, 0))
        .hasMessage("account 1 already exists");
    assertThatThrownBy(() -> gate.cash(5)).hasMessage("unknown account 5");
  }
}
