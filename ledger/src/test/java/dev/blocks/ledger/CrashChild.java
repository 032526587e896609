package dev.blocks.ledger;

import java.nio.file.Path;

/**
 * Child JVM for {@link LedgerCrashTest}: opens the durable ledger and applies operations from where
 * it left off, printing "ACK n" after each one returns, until killed.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int snapshotEvery = Integer.parseInt(args[2]);
    FakeClock clock = new FakeClock(CrashOps.BASE);
    Ledger ledger = Ledger.builder().clock(clock).snapshotEvery(snapshotEvery).open(dir);
    for (long n = ledger.journaledOperations() + 1; ; n++) {
      CrashOps.apply(ledger, clock, seed, n);
      System.out.println("ACK " + n);
      System.out.flush();
    }
  }
}
