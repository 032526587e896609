package dev.blocks.bench.ledger;

import dev.blocks.ledger.Account;
import dev.blocks.ledger.AccountFlags;
import dev.blocks.ledger.CreateTransferResult;
import dev.blocks.ledger.Ledger;
import dev.blocks.ledger.TransferBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Transfers per second through the ledger, single writer, batches of 8,190: random account pairs, 1
 * % exact replays of an earlier transfer (which must answer {@code exists}), half the accounts with
 * {@code debits_must_not_exceed_credits} (funded up front). Our in-memory and journaled ledgers
 * against a naive {@code HashMap} + {@code BigDecimal} ledger doing the same checks. One operation
 * = one transfer. Every iteration (warm-up included) starts from a freshly built and funded ledger
 * of each kind with room for {@value #CAPACITY} transfers, so no iteration of a second pays for
 * growing its columns (at 8M transfers/s, five iterations on one ledger outgrew 28M preallocated
 * transfers and ran out of heap); the 10M-transfer run is {@link LedgerHarness}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+UseTransparentHugePages"})
public class LedgerBenchmark {

  static final int BATCH = TransferBatch.MAX_EVENTS;
  static final long FIRST_TRANSFER_ID = 1L << 40;

  /** Transfers preallocated per ledger: no growth during the fork's iterations. */
  static final int CAPACITY = 16_000_000;

  /** The shared workload: transfer k's fields are a pure function of k. */
  @State(Scope.Thread)
  public static class Workload {
    @Param({"100000", "1000000"})
    public int accounts;

    /**
     * Transfer ids: {@code ascending} (time-based ids as TigerBeetle recommends and its own
     * benchmark uses; our default) or {@code random} (a bijective 64-bit mix of the transfer
     * number, so ids are unique and uniformly scattered).
     */
    @Param({"ascending"})
    public String ids = "ascending";

    int[] pairs;
    long next;

    @Setup(Level.Trial)
    public void setupWorkload() {
      SplittableRandom r = new SplittableRandom(42);
      pairs = new int[1 << 20];
      for (int i = 0; i < pairs.length; i++) {
        pairs[i] = r.nextInt(accounts);
      }
      next = 0;
    }

    int debit(long k) {
      return pairs[(int) ((2 * k) & (pairs.length - 1))];
    }

    int credit(long k) {
      int c = pairs[(int) ((2 * k + 1) & (pairs.length - 1))];
      return c == debit(k) ? (c + 1) % accounts : c;
    }

    /** The id (low half; the high half is 0) of transfer number {@code k}. */
    long id(long k) {
      if (ids.equals("ascending")) {
        return FIRST_TRANSFER_ID + k;
      }
      long x = k + FIRST_TRANSFER_ID; // SplitMix64's finaliser: a bijection, so no collisions
      x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
      x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
      return x ^ (x >>> 31);
    }

    static long amount(long k) {
      return 1 + (k * 7) % 1000;
    }

    /** The transfer number for the next event: 1 in 100 replays the one a batch earlier. */
    long nextK() {
      long k = next++;
      return k % 100 == 99 && k >= BATCH ? k - BATCH : k;
    }

    void fill(TransferBatch b) {
      b.clear();
      for (int i = 0; i < BATCH; i++) {
        long k = nextK();
        b.add(0, id(k), 0, 1 + debit(k), 0, 1 + credit(k), amount(k), 1, 1, 0);
      }
    }
  }

  static List<Account> accountsOf(int n) {
    List<Account> out = new ArrayList<>(n + 1);
    for (int i = 0; i < n; i++) {
      out.add(
          Account.of(1 + i, 1, 1, i % 2 == 0 ? AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS : 0));
    }
    out.add(Account.of(1L + n, 1, 1, 0)); // the operator who funds the limited accounts
    return out;
  }

  static void populate(Ledger ledger, int n) {
    List<Account> all = accountsOf(n);
    for (int i = 0; i < all.size(); i += BATCH) {
      ledger.createAccounts(all.subList(i, Math.min(all.size(), i + BATCH)));
    }
    TransferBatch b = new TransferBatch();
    CreateTransferResult[] r = new CreateTransferResult[BATCH];
    for (int i = 0; i < n; i += 2) {
      b.add(0, 1 + i, 0, 1L + n, 0, 1 + i, 10_000_000_000_000L, 1, 1, 0);
      if (b.size() == BATCH || i + 2 >= n) {
        ledger.createTransfers(b, r);
        b.clear();
      }
    }
  }

  /** Our ledger, in memory. */
  @State(Scope.Thread)
  public static class InMemory {
    Ledger ledger;
    final TransferBatch batch = new TransferBatch();
    final CreateTransferResult[] results = new CreateTransferResult[BATCH];

    @Setup(Level.Iteration)
    public void setup(Workload w) {
      ledger = null; // the previous iteration's ledger can be collected before the next is built
      ledger = Ledger.builder().capacity(w.accounts + 1, CAPACITY).inMemory();
      populate(ledger, w.accounts);
    }
  }

  /** Our ledger, journaled: every batch appended and forced before it returns. */
  @State(Scope.Thread)
  public static class Durable {
    Ledger ledger;
    Path dir;
    final TransferBatch batch = new TransferBatch();
    final CreateTransferResult[] results = new CreateTransferResult[BATCH];

    @Setup(Level.Iteration)
    public void setup(Workload w) throws IOException {
      dir = Files.createTempDirectory("ledger-bench");
      ledger =
          Ledger.builder()
              .capacity(w.accounts + 1, CAPACITY)
              .snapshotEvery(Integer.MAX_VALUE)
              .open(dir);
      populate(ledger, w.accounts);
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws IOException {
      ledger.close();
      ledger = null;
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(Durable::delete);
      }
    }

    static void delete(Path p) {
      try {
        Files.delete(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The naive peer: boxed maps and BigDecimal balances, same rules for these transfers. */
  @State(Scope.Thread)
  public static class Naive {
    record Key(long hi, long lo) {}

    record Xfer(Key id, Key debit, Key credit, BigDecimal amount) {}

    static final class Acct {
      final boolean limited;
      BigDecimal debits = BigDecimal.ZERO;
      BigDecimal credits = BigDecimal.ZERO;

      Acct(boolean limited) {
        this.limited = limited;
      }
    }

    Map<Key, Acct> accounts;
    Map<Key, Xfer> transfers;
    final String[] results = new String[BATCH];

    @Setup(Level.Trial)
    public void setup(Workload w) {
      accounts = new HashMap<>();
      transfers = new HashMap<>();
      for (int i = 0; i < w.accounts; i++) {
        accounts.put(new Key(0, 1 + i), new Acct(i % 2 == 0));
      }
      Acct operator = new Acct(false);
      accounts.put(new Key(0, 1L + w.accounts), operator);
      for (int i = 0; i < w.accounts; i += 2) {
        create(
            new Key(0, 1 + i), new Key(0, 1L + w.accounts), new Key(0, 1 + i), 10_000_000_000_000L);
      }
    }

    String create(Key id, Key debit, Key credit, long amount) {
      BigDecimal a = BigDecimal.valueOf(amount, 2);
      Xfer existing = transfers.get(id);
      if (existing != null) {
        return existing.debit.equals(debit)
                && existing.credit.equals(credit)
                && existing.amount.compareTo(a) == 0
            ? "exists"
            : "exists_with_different_fields";
      }
      Acct dr = accounts.get(debit);
      Acct cr = accounts.get(credit);
      if (dr == null || cr == null) {
        return "account_not_found";
      }
      if (dr.limited && dr.debits.add(a).compareTo(dr.credits) > 0) {
        return "exceeds_credits";
      }
      dr.debits = dr.debits.add(a);
      cr.credits = cr.credits.add(a);
      transfers.put(id, new Xfer(id, debit, credit, a));
      return "ok";
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int blocksInMemory(Workload w, InMemory s) {
    w.fill(s.batch);
    s.ledger.createTransfers(s.batch, s.results);
    return s.results[BATCH - 1].ordinal();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int blocksJournaled(Workload w, Durable s) {
    w.fill(s.batch);
    s.ledger.createTransfers(s.batch, s.results);
    return s.results[BATCH - 1].ordinal();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int naiveHashMapBigDecimal(Workload w, Naive s) {
    for (int i = 0; i < BATCH; i++) {
      long k = w.nextK();
      s.results[i] =
          s.create(
              new Naive.Key(0, w.id(k)),
              new Naive.Key(0, 1 + w.debit(k)),
              new Naive.Key(0, 1 + w.credit(k)),
              Workload.amount(k));
    }
    return Objects.hashCode(s.results[BATCH - 1]);
  }
}
