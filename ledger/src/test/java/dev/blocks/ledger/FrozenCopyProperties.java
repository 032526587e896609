package dev.blocks.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A snapshot's frozen view shares the append-only columns with the live engine: whatever the engine
 * does afterwards (new accounts and transfers, posts, voids and expiries of pending transfers,
 * rolled-back chains, growth of every column) must leave the view's state unchanged, and a view
 * refilled in place must equal a fresh one.
 */
class FrozenCopyProperties {

  private static long apply(LedgerEngine engine, Scenarios.Op op, long now) {
    long t = now + op.advance();
    switch (op.kind()) {
      case "accounts" ->
          engine.createAccounts(op.accounts(), t, new CreateAccountResult[op.accounts().size()]);
      case "transfers" -> {
        TransferBatch batch = new TransferBatch();
        op.transfers().forEach(batch::add);
        engine.createTransfers(batch, t, new CreateTransferResult[batch.size()]);
      }
      default -> engine.expireDue(t);
    }
    return t;
  }

  @Test
  void frozenViewIgnoresLaterOperationsAndRefillsInPlace() {
    qt().withExamples(60)
        .forAll(Scenarios.scenarios(16, 12))
        .checkAssert(
            genes -> {
              LedgerEngine engine = new LedgerEngine(2, 2);
              long now = LedgerProperties.EPOCH;
              engine.createAccounts(
                  Scenarios.setup(), now, new CreateAccountResult[Scenarios.setup().size()]);
              TransferBatch funding = new TransferBatch();
              Scenarios.funding().forEach(funding::add);
              engine.createTransfers(funding, now, new CreateTransferResult[funding.size()]);
              List<Scenarios.Op> ops = Scenarios.decode(genes);
              int half = ops.size() / 2;
              for (int k = 0; k < half; k++) {
                now = apply(engine, ops.get(k), now);
              }
              LedgerEngine view = engine.frozenCopy(null);
              long atFreeze = engine.stateHash();
              assertThat(view.stateHash()).isEqualTo(atFreeze);
              for (int k = half; k < ops.size(); k++) {
                now = apply(engine, ops.get(k), now);
              }
              assertThat(view.stateHash()).as("view after later operations").isEqualTo(atFreeze);
              assertThat(engine.frozenCopy(view).stateHash())
                  .as("view refilled in place")
                  .isEqualTo(engine.stateHash());
            });
  }
}
