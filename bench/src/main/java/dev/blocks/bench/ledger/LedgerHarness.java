package dev.blocks.bench.ledger;

import com.sun.management.ThreadMXBean;
import dev.blocks.ledger.CreateTransferResult;
import dev.blocks.ledger.Ledger;
import dev.blocks.ledger.TransferBatch;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-shot run of the {@link LedgerBenchmark} workload over a fixed number of transfers,
 * reporting transfers per wall-clock second, per CPU-second of the writer thread, and bytes
 * allocated per transfer by the writer thread (HotSpot's per-thread allocation counter). On a
 * shared machine the CPU-second figure is the one to compare.
 *
 * <p>Usage: {@code java -XX:+UseTransparentHugePages -Xms6g -Xmx6g -cp bench/target/benchmarks.jar
 * dev.blocks.bench.ledger.LedgerHarness ACCOUNTS TRANSFERS memory|journal|naive
 * [SNAPSHOT_EVERY_BATCHES]}; {@code -Dids=random} gives transfers scattered ids instead of
 * ascending ones (see {@link LedgerBenchmark.Workload#ids}).
 */
public final class LedgerHarness {
  private LedgerHarness() {}

  public static void main(String[] args) throws Exception {
    int accounts = Integer.parseInt(args[0]);
    long transfers = Long.parseLong(args[1]);
    if (args[2].equals("naive")) {
      naive(accounts, transfers);
      return;
    }
    boolean journal = args[2].equals("journal");
    Path dir = journal ? Files.createTempDirectory("ledger-harness") : null;
    Ledger.Builder builder =
        Ledger.builder()
            .capacity(
                accounts + 1, (int) Math.min(Integer.MAX_VALUE - 8, transfers * 11 / 10 + accounts))
            .snapshotEvery(args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE);
    Ledger ledger = journal ? builder.open(dir) : builder.inMemory();
    LedgerBenchmark.populate(ledger, accounts);
    LedgerBenchmark.Workload w = new LedgerBenchmark.Workload();
    w.accounts = accounts;
    w.ids = System.getProperty("ids", "ascending");
    w.setupWorkload();
    TransferBatch batch = new TransferBatch();
    CreateTransferResult[] results = new CreateTransferResult[TransferBatch.MAX_EVENTS];
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    // warm-up: 5 % of the run, not counted
    long warm = Math.max(TransferBatch.MAX_EVENTS, transfers / 20);
    long done = 0;
    while (done < warm) {
      w.fill(batch);
      ledger.createTransfers(batch, results);
      done += batch.size();
    }
    long exists = 0;
    long io = journalThreadId();
    long j0 = io < 0 ? 0 : mx.getThreadCpuTime(io);
    long a0 = mx.getThreadAllocatedBytes(tid);
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    done = 0;
    long slowest = 0;
    while (done < transfers) {
      w.fill(batch);
      long b0 = System.nanoTime();
      ledger.createTransfers(batch, results);
      slowest = Math.max(slowest, System.nanoTime() - b0);
      for (int i = 0; i < batch.size(); i++) {
        if (results[i] == CreateTransferResult.EXISTS) {
          exists++;
        }
      }
      done += batch.size();
    }
    long t1 = System.nanoTime();
    long c1 = mx.getCurrentThreadCpuTime();
    long a1 = mx.getThreadAllocatedBytes(tid);
    long j1 = io < 0 ? 0 : mx.getThreadCpuTime(io);
    System.out.printf(
        "accounts=%d transfers=%d mode=%s ids=%s: %.0f transfers/s wall, %.0f transfers per CPU-second"
            + " of the writer, %.0f per CPU-second of writer + journal thread,"
            + " %.4f B/transfer allocated, %.2f %% exists, slowest batch %.1f ms%n",
        accounts,
        done,
        args[2],
        w.ids,
        done * 1e9 / (t1 - t0),
        done * 1e9 / (c1 - c0),
        done * 1e9 / (c1 - c0 + j1 - j0),
        (a1 - a0) / (double) done,
        100.0 * exists / done,
        slowest / 1e6);
    ledger.close();
  }

  /** The same run through the naive HashMap + BigDecimal peer of {@link LedgerBenchmark}. */
  static void naive(int accounts, long transfers) {
    LedgerBenchmark.Workload w = new LedgerBenchmark.Workload();
    w.accounts = accounts;
    w.ids = System.getProperty("ids", "ascending");
    w.setupWorkload();
    LedgerBenchmark.Naive s = new LedgerBenchmark.Naive();
    s.setup(w);
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long warm = Math.max(TransferBatch.MAX_EVENTS, transfers / 20);
    for (long k = 0; k < warm; k++) {
      step(w, s);
    }
    long exists = 0;
    long a0 = mx.getThreadAllocatedBytes(tid);
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    long done = 0;
    while (done < transfers) {
      for (int i = 0; i < TransferBatch.MAX_EVENTS; i++) {
        if (step(w, s).equals("exists")) {
          exists++;
        }
      }
      done += TransferBatch.MAX_EVENTS;
    }
    long t1 = System.nanoTime();
    long c1 = mx.getCurrentThreadCpuTime();
    long a1 = mx.getThreadAllocatedBytes(tid);
    System.out.printf(
        "accounts=%d transfers=%d mode=naive ids=%s: %.0f transfers/s wall, %.0f transfers per CPU-second,"
            + " %.1f B/transfer allocated, %.2f %% exists%n",
        accounts,
        done,
        w.ids,
        done * 1e9 / (t1 - t0),
        done * 1e9 / (c1 - c0),
        (a1 - a0) / (double) done,
        100.0 * exists / done);
  }

  private static String step(LedgerBenchmark.Workload w, LedgerBenchmark.Naive s) {
    long k = w.nextK();
    return s.create(
        new LedgerBenchmark.Naive.Key(0, w.id(k)),
        new LedgerBenchmark.Naive.Key(0, 1 + w.debit(k)),
        new LedgerBenchmark.Naive.Key(0, 1 + w.credit(k)),
        LedgerBenchmark.Workload.amount(k));
  }

  /** The id of the ledger's journal thread, or -1 in memory. */
  static long journalThreadId() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("blocks-ledger-journal")) {
        return t.getId();
      }
    }
    return -1;
  }
}
