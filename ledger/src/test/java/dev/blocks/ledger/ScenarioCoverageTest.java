package dev.blocks.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Guards the model-based property against vacuity: its generator reaches every result. */
class ScenarioCoverageTest {

  @Test
  void generatedScenariosReachEveryResultCode() {
    Random random = new Random(8);
    Set<CreateTransferResult> transfers = EnumSet.noneOf(CreateTransferResult.class);
    Set<CreateAccountResult> accounts = EnumSet.noneOf(CreateAccountResult.class);
    for (int n = 0; n < 200; n++) {
      List<List<List<Integer>>> genes = new ArrayList<>();
      for (int b = 0; b < 24; b++) {
        List<List<Integer>> batch = new ArrayList<>();
        int events = 1 + random.nextInt(8);
        for (int e = 0; e < events; e++) {
          List<Integer> g = new ArrayList<>();
          for (int i = 0; i < Scenarios.GENES; i++) {
            g.add(random.nextInt(1000));
          }
          batch.add(g);
        }
        genes.add(batch);
      }
      long base =
          genes.get(0).get(0).get(2) % 5 == 0 ? LedgerProperties.NEAR_MAX : LedgerProperties.EPOCH;
      FakeClock clock = new FakeClock(base);
      Ledger ledger = Ledger.builder().clock(clock).inMemory();
      ledger.createAccounts(Scenarios.setup());
      ledger.createTransfers(Scenarios.funding());
      for (Scenarios.Op op : Scenarios.decode(genes)) {
        clock.advance(op.advance());
        if (op.kind().equals("accounts")) {
          accounts.addAll(ledger.createAccounts(op.accounts()));
        } else if (op.kind().equals("transfers")) {
          transfers.addAll(ledger.createTransfers(op.transfers()));
        }
      }
    }
    assertThat(EnumSet.complementOf(EnumSet.copyOf(transfers)))
        .as("transfer results never reached")
        .isEmpty();
    assertThat(EnumSet.complementOf(EnumSet.copyOf(accounts)))
        .as("account results never reached")
        .isEmpty();
  }
}
