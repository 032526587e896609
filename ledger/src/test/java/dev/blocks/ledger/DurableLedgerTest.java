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
  void closedDurableLedger_rejectsWrites(@TempDir Path tmp) {
    Ledger ledger = Ledger.open(tmp);
    ledger.close();
    assertThatThrownBy(() -> ledger.expirePendingTransfers())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ledger is closed");
  }
}
