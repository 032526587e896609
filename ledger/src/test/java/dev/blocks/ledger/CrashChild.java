package dev.blocks.ledger;

import java.nio.file.Path;

/**
 * Child JVM for {@link LedgerCrashTest}: opens the durable ledger and applies operations from where
 * it left off, printing "ACK n" after each one returns, until killed; with a fourth argument {@code
 * true} it also writes a snapshot synchronously after its first operation and prints "SNAPSHOT n".
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int snapshotEvery = Integer.parseInt(args[2]);
    FakeClock clock = new FakeClock(CrashOps.BASE);
    Ledger ledger = Ledger.builder().clock(clock).snapshotEvery(snapshotEvery).open(dir);
    boolean snapshotFirst = args.length > 3 && Boolean.parseBoolean(args[3]);
    for (long n = ledger.journaledOperations() + 1; ; n++) {
      CrashOps.apply(ledger, clock, seed, n);
      System.out.println("ACK " + n);
      if (snapshotFirst) {
        // A snapshot on disk before the kill, whatever the timing: later trials then recover from
        // a snapshot plus the journal after it.
        ledger.snapshot();
        System.out.println("SNAPSHOT " + n);
        snapshotFirst = false;
      }
      System.out.flush();
    }
  }
}
