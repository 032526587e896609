package dev.blocks.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableLedgerTest {

  @Test
  void reopen_replaysToTheSameState_withAndWithoutSnapshots(@TempDir Path tmp) {
    for (int every : new int[] {1, 3, 1000}) {
      Path dir = tmp.resolve("every" + every);
      FakeClock clock = new FakeClock(CrashOps.BASE);
      long hash;
      try (Ledger ledger = Ledger.builder().clock(clock).snapshotEvery(every).open(dir)) {
        for (long n = 1; n <= 10; n++) {
          CrashOps.apply(ledger, clock, 5, n);
        }
        clock.advance(5_000_000_000L);
        ledger.expirePendingTransfers();
        hash = ledger.stateHash();
      }
      try (Ledger again = Ledger.builder().clock(clock).open(dir)) {
        assertThat(again.stateHash()).as("snapshot every %d", every).isEqualTo(hash);
        assertThat(again.journaledOperations()).isEqualTo(11);
        Invariants.check(again, "reopened");
      }
    }
  }

  @Test
  void concurrentWriters_shareForces_andEveryReturnedBatchIsRecovered(@TempDir Path tmp)
      throws Exception {
    FakeClock clock = new FakeClock(CrashOps.BASE);
    long hash;
    int threads = 4;
    int batches = 15;
    try (Ledger ledger = Ledger.builder().clock(clock).snapshotEvery(7).open(tmp)) {
      CrashOps.apply(ledger, clock, 5, 1);
      java.util.List<Thread> ts = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread th =
            new Thread(
                () -> {
                  for (int k = 0; k < batches; k++) {
                    TransferBatch b = new TransferBatch();
                    CreateTransferResult[] r = new CreateTransferResult[4];
                    for (int e = 0; e < 4; e++) {
                      b.add(0, 1_000_000L * (id + 1) + 10L * k + e, 0, 1, 0, 2, 1, 1, 1, 0);
                    }
                    ledger.createTransfers(b, r);
                    assertThat(r).containsOnly(CreateTransferResult.OK);
                    // what this call returned is visible and durable: a read waits for it
                    assertThat(ledger.lookupTransfer(Uint128.of(1_000_000L * (id + 1) + 10L * k)))
                        .isPresent();
                  }
                });
        ts.add(th);
        th.start();
      }
      for (Thread th : ts) {
        th.join();
      }
      hash = ledger.stateHash();
      assertThat(ledger.journaledOperations()).isGreaterThan((long) threads * batches);
    }
    try (Ledger again = Ledger.builder().clock(clock).open(tmp)) {
      assertThat(again.stateHash()).isEqualTo(hash);
      Invariants.check(again, "reopened after concurrent writers");
    }
  }

  @Test
  void closedDurableLedger_rejectsWrites(@TempDir Path tmp) {
    Ledger ledger = Ledger.open(tmp);
    ledger.close();
    assertThatThrownBy(() -> ledger.expirePendingTransfers())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ledger is closed");
  }
}
