package dev.blocks.ledger;

import dev.blocks.ledger.journal.GroupCommit;
import dev.blocks.ledger.journal.Journal;
import dev.blocks.ledger.journal.Snapshots;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A double-entry ledger with TigerBeetle's semantics, embedded: accounts, single-phase and
 * two-phase transfers, linked chains, balance limits, closing and balancing transfers, with results
 * as values in TigerBeetle's order of precedence.
 *
 * <p>The model, the flags and the result codes are TigerBeetle's (<a
 * href="https://docs.tigerbeetle.com/reference/requests/create_transfers">create_transfers</a>, <a
 * href="https://docs.tigerbeetle.com/reference/requests/create_accounts">create_accounts</a>, <a
 * href="https://docs.tigerbeetle.com/coding/two-phase-transfers">two-phase transfers</a>, <a
 * href="https://docs.tigerbeetle.com/coding/linked-events">linked events</a>). Every call takes a
 * batch of up to {@value TransferBatch#MAX_EVENTS} events and answers one result per event; events
 * in a batch are applied in order, each seeing the effects of the earlier ones. Every event gets a
 * unique timestamp from the injected clock (nanoseconds, strictly increasing). Before each batch,
 * pending transfers whose timeout has passed ({@code timestamp + timeout * 10^9 <= now}) expire in
 * (expiry, timestamp) order, releasing their reservations.
 *
 * {@snippet class=dev.blocks.ledger.LedgerSnippets region=watch}
 *
 * <p>{@link #inMemory()} keeps everything in memory. {@link #open(Path)} also appends every batch
 * to a {@link Journal} and forces it to disk before returning the results, replays the journal on
 * open (streaming, one record at a time), and writes a {@link Snapshots snapshot} every {@link
 * Builder#snapshotEvery} batches so recovery replays only the records after it. Journal writes use
 * {@link GroupCommit group commit}: the batch's record is handed to a journal thread, the batch is
 * applied while the record is written, and the caller waits for the force outside the monitor, so
 * the next caller's batch is applied meanwhile and one force covers the records of every caller
 * waiting for it. A periodic snapshot copies only what later batches can change (account records,
 * transfer statuses, history heads; the append-only columns are shared) into buffers reused from
 * the previous snapshot, and writes it on a background thread; a snapshot that falls due while the
 * previous one is still being written waits for it instead of stalling the writer.
 *
 * <p>The transfer path allocates nothing in steady state when fed through {@link
 * #createTransfers(TransferBatch, CreateTransferResult[])}: each account's hot fields share one
 * 64-byte record and the records themselves form the open-addressing account index, so finding an
 * account and loading its balances is one cache miss; transfers live in primitive columns; a
 * transfer id above every earlier one (time-based ids such as ULIDs, which TigerBeetle recommends)
 * needs no index access at all, other ids go to an open-addressing table of fingerprints; and a
 * batch resolves its accounts 128 events ahead of applying them so that the cache misses of
 * different events overlap.
 *
 * <p>Thread-safe: batches apply one at a time under the ledger's monitor (the single-writer model);
 * a write returns only once its record is durable, and a read waits until every batch it can see is
 * durable, so no caller ever observes state that a crash could lose. For throughput, batch on the
 * caller's side.
 *
 * @since 0.1
 */
public final class Ledger implements AutoCloseable {

  /** Record buffers in flight between the writer and the journal thread. */
  private static final int JOURNAL_DEPTH = 4;

  final LedgerEngine engine;
  private final InstantSource clock;
  private final Journal journal;
  private final Snapshots snapshots;
  private final int snapshotEvery;
  private final GroupCommit committer;
  private final long seqAtOpen;
  private final TransferBatch scratch = new TransferBatch();
  private long seq;
  private int sinceSnapshot;
  private boolean closed;
  private RuntimeException failure;
  private Thread snapshotWriter;
  private LedgerEngine lastFrozen; // the latest snapshot's frozen state, reused once written
  private volatile RuntimeException snapshotFailure;

  private Ledger(
      LedgerEngine engine,
      InstantSource clock,
      Journal journal,
      Snapshots snapshots,
      int snapshotEvery,
      long seq) {
    this.engine = engine;
    this.clock = clock;
    this.journal = journal;
    this.snapshots = snapshots;
    this.snapshotEvery = snapshotEvery;
    this.seq = seq;
    this.seqAtOpen = seq;
    this.committer =
        journal == null
            ? null
            : new GroupCommit(
                journal,
                JOURNAL_DEPTH,
                OpCodec.HEADER
                    + Math.max(
                        TransferBatch.MAX_EVENTS * OpCodec.TRANSFER_BYTES_MAX,
                        TransferBatch.MAX_EVENTS * OpCodec.ACCOUNT_BYTES));
  }

  /** An empty in-memory ledger on the system clock. */
  public static Ledger inMemory() {
    return builder().inMemory();
  }

  /**
   * A durable ledger journaled in directory {@code dir} on the system clock, recovered from what
   * the directory holds.
   *
   * @throws NullPointerException if {@code dir} is null
   * @throws java.io.UncheckedIOException if the directory cannot be read or written
   */
  public static Ledger open(Path dir) {
    return builder().open(dir);
  }

  /** A builder for a ledger with an injected clock, capacities and snapshot interval. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link Ledger}.
   *
   * <p>Not thread-safe.
   *
   * @since 0.1
   */
  public static final class Builder {
    private InstantSource clock = InstantSource.system();
    private int accounts = 1024;
    private int transfers = 1024;
    private int snapshotEvery = 1000;

    private Builder() {}

    /**
     * The clock that timestamps events and drives timeouts.
     *
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Room for this many accounts and transfers before the columns grow.
     *
     * @throws IllegalArgumentException if a capacity is negative
     */
    public Builder capacity(int accounts, int transfers) {
      if (accounts < 0) {
        throw new IllegalArgumentException("accounts must be >= 0, got " + accounts);
      }
      if (transfers < 0) {
        throw new IllegalArgumentException("transfers must be >= 0, got " + transfers);
      }
      this.accounts = accounts;
      this.transfers = transfers;
      return this;
    }

    /**
     * Write a snapshot after this many journaled batches (durable ledgers). A snapshot is written
     * in the background; if the previous one is still being written when the next is due, the next
     * waits for the first batch after it finishes, so the writer never stalls on the disk.
     *
     * @throws IllegalArgumentException if {@code batches < 1}
     */
    public Builder snapshotEvery(int batches) {
      if (batches < 1) {
        throw new IllegalArgumentException("snapshotEvery must be >= 1, got " + batches);
      }
      this.snapshotEvery = batches;
      return this;
    }

    /** An empty in-memory ledger. */
    public Ledger inMemory() {
      return new Ledger(new LedgerEngine(accounts, transfers), clock, null, null, 0, 0);
    }

    /**
     * A durable ledger in {@code dir}: loads the newest intact snapshot, replays the journal
     * records after it, and journals every later batch.
     *
     * @throws NullPointerException if {@code dir} is null
     * @throws java.io.UncheckedIOException if the directory cannot be read or written
     */
    public Ledger open(Path dir) {
      Objects.requireNonNull(dir, "dir");
      Snapshots snapshots = new Snapshots(dir);
      Optional<Snapshots.Loaded<LedgerEngine>> snap = snapshots.read(LedgerEngine::readFrom);
      Replay replay =
          new Replay(
              snap.map(Snapshots.Loaded::state)
                  .orElseGet(() -> new LedgerEngine(accounts, transfers)),
              snap.map(Snapshots.Loaded::lastRecord).orElse(0L));
      Journal journal = Journal.open(dir, replay);
      LedgerEngine engine = replay.engine;
      long seq = replay.seq;
      return new Ledger(engine, clock, journal, snapshots, snapshotEvery, seq);
    }
  }

  /**
   * Applies journal records as {@link Journal#open(Path, java.util.function.Consumer)} streams
   * them.
   */
  private static final class Replay implements java.util.function.Consumer<ByteBuffer> {
    final LedgerEngine engine;
    long seq;
    private final TransferBatch batch = new TransferBatch();
    private final CreateTransferResult[] tr = new CreateTransferResult[TransferBatch.MAX_EVENTS];
    private final CreateAccountResult[] ar = new CreateAccountResult[TransferBatch.MAX_EVENTS];

    Replay(LedgerEngine engine, long seq) {
      this.engine = engine;
      this.seq = seq;
    }

    @Override
    public void accept(ByteBuffer b) {
      byte type = b.get();
      long s = b.getLong();
      long now = b.getLong();
      int count = b.getInt();
      if (s <= seq) {
        return; // covered by the snapshot
      }
      if (s != seq + 1) {
        throw new IllegalStateException(
            "journal record numbers must follow on, expected " + (seq + 1) + ", got " + s);
      }
      switch (type) {
        case OpCodec.TRANSFERS -> {
          OpCodec.decode(b, count, batch);
          engine.createTransfers(batch, now, tr);
        }
        case OpCodec.TRANSFERS_COMPACT -> {
          OpCodec.decodeCompact(b, count, batch);
          engine.createTransfers(batch, now, tr);
        }
        case OpCodec.ACCOUNTS -> engine.createAccounts(OpCodec.decodeAccounts(b, count), now, ar);
        case OpCodec.EXPIRE -> engine.expireDue(now);
        default -> throw new IllegalStateException("journal record type unknown: " + type);
      }
      seq = s;
    }
  }

  // ---------------------------------------------------------------- writes

  /**
   * Creates accounts; one result per event, in order.
   *
   * @throws NullPointerException if {@code accounts} or an element is null
   * @throws IllegalArgumentException if there are more than {@value TransferBatch#MAX_EVENTS}
   * @throws IllegalStateException if the ledger is closed or failed on I/O
   */
  public List<CreateAccountResult> createAccounts(List<Account> accounts) {
    Objects.requireNonNull(accounts, "accounts");
    checkSize("accounts", accounts.size());
    for (int i = 0; i < accounts.size(); i++) {
      Objects.requireNonNull(accounts.get(i), "accounts[" + i + "]");
    }
    List<Account> copy = List.copyOf(accounts);
    CreateAccountResult[] out = new CreateAccountResult[copy.size()];
    long ticket = 0;
    synchronized (this) {
      checkOpen();
      if (copy.isEmpty()) {
        return List.of();
      }
      long now = now();
      if (committer != null) {
        ByteBuffer buffer = claim();
        OpCodec.header(buffer, OpCodec.ACCOUNTS, seq + 1, now, copy.size());
        OpCodec.encode(buffer, copy);
        buffer.flip();
        ticket = publish();
      }
      engine.createAccounts(copy, now, out);
      afterLog();
    }
    awaitDurable(ticket);
    return List.of(out);
  }

  /**
   * Creates transfers; one result per event, in order.
   *
   * @throws NullPointerException if {@code transfers} or an element is null
   * @throws IllegalArgumentException if there are more than {@value TransferBatch#MAX_EVENTS}
   * @throws IllegalStateException if the ledger is closed or failed on I/O
   */
  public List<CreateTransferResult> createTransfers(List<Transfer> transfers) {
    Objects.requireNonNull(transfers, "transfers");
    checkSize("transfers", transfers.size());
    for (int i = 0; i < transfers.size(); i++) {
      Objects.requireNonNull(transfers.get(i), "transfers[" + i + "]");
    }
    CreateTransferResult[] out = new CreateTransferResult[transfers.size()];
    long ticket;
    synchronized (this) {
      checkOpen();
      scratch.clear();
      for (Transfer t : transfers) {
        scratch.add(t);
      }
      ticket = apply(scratch, out);
    }
    awaitDurable(ticket);
    return Arrays.asList(out);
  }

  /**
   * Creates the batch's transfers, writing one result per event into {@code results}; allocates
   * nothing in steady state.
   *
   * @return the number of results written ({@code batch.size()})
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code results} is shorter than the batch
   * @throws IllegalStateException if the ledger is closed or failed on I/O
   */
  public int createTransfers(TransferBatch batch, CreateTransferResult[] results) {
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(results, "results");
    if (results.length < batch.size) {
      throw new IllegalArgumentException(
          "results must have length >= batch size " + batch.size + ", got " + results.length);
    }
    long ticket;
    synchronized (this) {
      checkOpen();
      ticket = apply(batch, results);
    }
    awaitDurable(ticket);
    return batch.size;
  }

  /** Journals (without waiting) and applies a batch; the caller holds the monitor. */
  private long apply(TransferBatch batch, CreateTransferResult[] results) {
    if (batch.size == 0) {
      return 0;
    }
    long now = now();
    long ticket = 0;
    if (committer != null) {
      ByteBuffer buffer = claim();
      OpCodec.header(buffer, OpCodec.TRANSFERS_COMPACT, seq + 1, now, batch.size);
      OpCodec.encodeCompact(buffer, batch);
      buffer.flip();
      ticket = publish();
    }
    engine.createTransfers(batch, now, results);
    afterLog();
    return ticket;
  }

  /**
   * Expires every pending transfer whose timeout has passed by the clock's current time (this also
   * happens before every batch).
   *
   * @return the number of transfers expired
   * @throws IllegalStateException if the ledger is closed or failed on I/O
   */
  public int expirePendingTransfers() {
    long ticket = 0;
    int n;
    synchronized (this) {
      checkOpen();
      long now = now();
      if (committer != null) {
        ByteBuffer buffer = claim();
        OpCodec.header(buffer, OpCodec.EXPIRE, seq + 1, now, 0);
        buffer.flip();
        ticket = publish();
      }
      n = engine.expireDue(now);
      afterLog();
    }
    awaitDurable(ticket);
    return n;
  }

  private ByteBuffer claim() {
    try {
      return committer.claim();
    } catch (IllegalStateException e) {
      throw failed(e);
    }
  }

  private long publish() {
    long ticket = committer.publish();
    seq++;
    return ticket;
  }

  /** Returns once record {@code ticket} is durable (at once for 0 or in memory). */
  private void awaitDurable(long ticket) {
    if (committer == null || ticket == 0) {
      return;
    }
    try {
      committer.awaitDurable(ticket);
    } catch (IllegalStateException e) {
      synchronized (this) {
        throw failed(e);
      }
    }
  }

  /** Waits, holding the monitor, until every applied batch is durable: reads never see less. */
  private void awaitVisible() {
    awaitDurable(seq - seqAtOpen);
  }

  private IllegalStateException failed(RuntimeException e) {
    if (failure == null) {
      failure = e;
    }
    return new IllegalStateException("ledger journal failed; ledger is now read-only", e);
  }

  private void afterLog() {
    if (journal == null) {
      return;
    }
    // A snapshot still being written postpones the next one instead of stalling the writer.
    if (++sinceSnapshot >= snapshotEvery && (snapshotWriter == null || !snapshotWriter.isAlive())) {
      startSnapshot();
    }
  }

  /**
   * Writes a snapshot now, waits until it is on disk, and drops the journal segments it makes
   * redundant (durable ledgers; no-op in memory). Periodic snapshots ({@link
   * Builder#snapshotEvery}) do the same in the background.
   *
   * @throws IllegalStateException if the ledger is closed or failed on I/O
   */
  public synchronized void snapshot() {
    checkOpen();
    if (journal == null) {
      return;
    }
    startSnapshot();
    awaitSnapshot();
  }

  /**
   * Starts a snapshot of the state after record {@code seq}: with the journal drained, a new
   * segment begins at {@code seq + 1} and the state is copied (bulk array copies: the only stall of
   * the writer); a background thread writes the copy, then deletes the older segments. A crash
   * before the snapshot file is complete leaves the previous snapshot and every segment, so
   * recovery is unaffected. Waits for the previous snapshot first. The caller holds the monitor.
   */
  private void startSnapshot() {
    awaitSnapshot();
    LedgerEngine frozen;
    long at = seq;
    try {
      committer.drain();
      journal.startSegment(at + 1);
      frozen = engine.frozenCopy(lastFrozen);
      lastFrozen = frozen;
    } catch (RuntimeException e) {
      failure = e;
      throw new IllegalStateException("ledger snapshot failed; ledger is now read-only", e);
    }
    sinceSnapshot = 0;
    Thread writer =
        new Thread(
            () -> {
              try {
                snapshots.write(at, frozen::writeTo);
                journal.deleteSegmentsBefore(at + 1);
              } catch (RuntimeException e) {
                snapshotFailure = e;
              }
            },
            "blocks-ledger-snapshot");
    writer.setDaemon(true);
    snapshotWriter = writer;
    writer.start();
  }

  /**
   * Waits for the background snapshot, if any; throws if it failed. The caller holds the monitor.
   */
  private void awaitSnapshot() {
    Thread writer = snapshotWriter;
    if (writer != null) {
      boolean interrupted = false;
      while (true) {
        try {
          writer.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      snapshotWriter = null;
    }
    RuntimeException e = snapshotFailure;
    if (e != null && failure == null) {
      failure = e;
      throw new IllegalStateException("ledger snapshot failed; ledger is now read-only", e);
    }
  }

  private long now() {
    Instant i = clock.instant();
    return Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L) + i.getNano();
  }

  private static void checkSize(String name, int size) {
    if (size > TransferBatch.MAX_EVENTS) {
      throw new IllegalArgumentException(
          name + " must hold at most " + TransferBatch.MAX_EVENTS + " events, got " + size);
    }
  }

  private void checkOpen() {
    if (failure == null && snapshotFailure != null) {
      failure = snapshotFailure;
    }
    if (closed) {
      throw new IllegalStateException("ledger is closed");
    }
    if (failure != null) {
      throw new IllegalStateException("ledger failed on I/O and is read-only", failure);
    }
  }

  // ---------------------------------------------------------------- reads

  /**
   * The account with this id, with its current balances.
   *
   * @throws NullPointerException if {@code id} is null
   */
  public synchronized Optional<Account> lookupAccount(Uint128 id) {
    awaitVisible();
    Objects.requireNonNull(id, "id");
    int s = engine.findAccount(id.hi(), id.lo());
    return s < 0 ? Optional.empty() : Optional.of(engine.account(s));
  }

  /**
   * The transfer with this id (as stored: post/void transfers carry the pending transfer's
   * accounts, ledger and code, and the amount actually moved).
   *
   * @throws NullPointerException if {@code id} is null
   */
  public synchronized Optional<Transfer> lookupTransfer(Uint128 id) {
    awaitVisible();
    Objects.requireNonNull(id, "id");
    int s = engine.findTransfer(id.hi(), id.lo());
    return s < 0 ? Optional.empty() : Optional.of(engine.transfer(s));
  }

  /**
   * Transfers that debit or credit {@code accountId} with a timestamp in {@code [timestampMin,
   * timestampMax]}, oldest first (or newest first if {@code reversed}), at most {@code limit}. To
   * page, ask again from the last timestamp seen plus one (minus one when reversed).
   *
   * @return the transfers; empty if the account does not exist
   * @throws NullPointerException if {@code accountId} is null
   * @throws IllegalArgumentException if {@code limit < 1} or the range is empty or negative
   */
  public synchronized List<Transfer> accountTransfers(
      Uint128 accountId, long timestampMin, long timestampMax, int limit, boolean reversed) {
    awaitVisible();
    Objects.requireNonNull(accountId, "accountId");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    if (timestampMin < 0 || timestampMax < timestampMin) {
      throw new IllegalArgumentException(
          "timestamp range must satisfy 0 <= min <= max, got ["
              + timestampMin
              + ", "
              + timestampMax
              + "]");
    }
    int a = engine.findAccount(accountId.hi(), accountId.lo());
    if (a < 0) {
      return List.of();
    }
    int[] slots = engine.accountTransfers(a, timestampMin, timestampMax, limit, reversed);
    List<Transfer> out = new ArrayList<>(slots.length);
    for (int s : slots) {
      out.add(engine.transfer(s));
    }
    return out;
  }

  /**
   * The balances of an account with {@link AccountFlags#HISTORY} as of {@code timestamp}: after the
   * last change at or before it; zero balances if the account existed but had not changed yet;
   * empty if the account does not exist or was created after {@code timestamp}.
   *
   * @throws NullPointerException if {@code accountId} is null
   * @throws IllegalArgumentException if the account does not keep history
   */
  public synchronized Optional<AccountBalance> balanceAt(Uint128 accountId, long timestamp) {
    awaitVisible();
    Objects.requireNonNull(accountId, "accountId");
    int a = engine.findAccount(accountId.hi(), accountId.lo());
    if (a < 0 || engine.aTs[a] > timestamp) {
      return Optional.empty();
    }
    if ((engine.aFlags(a) & AccountFlags.HISTORY) == 0) {
      throw new IllegalArgumentException(
          "account " + accountId + " must have flag HISTORY to read past balances");
    }
    int h = engine.historyAt(a, timestamp);
    if (h < 0) {
      return Optional.of(new AccountBalance(engine.aTs[a], 0, 0, 0, 0));
    }
    return Optional.of(engine.historyEntry(h));
  }

  /** The number of accounts. */
  public synchronized int accountCount() {
    awaitVisible();
    return engine.accountCount;
  }

  /** The number of transfers (including post/void transfers). */
  public synchronized int transferCount() {
    awaitVisible();
    return engine.transferCount;
  }

  /** Every account, in creation order (for reconciliation and tests; allocates). */
  public synchronized List<Account> accounts() {
    awaitVisible();
    List<Account> out = new ArrayList<>(engine.accountCount);
    for (int s = 0; s < engine.accountCount; s++) {
      out.add(engine.account(s));
    }
    return out;
  }

  /** Every transfer, in creation order (for reconciliation and tests; allocates). */
  public synchronized List<Transfer> transfers() {
    awaitVisible();
    List<Transfer> out = new ArrayList<>(engine.transferCount);
    for (int s = 0; s < engine.transferCount; s++) {
      out.add(engine.transfer(s));
    }
    return out;
  }

  /**
   * A 64-bit hash of the whole state: equal for ledgers that applied the same operations at the
   * same clock readings, whether live or recovered.
   */
  public synchronized long stateHash() {
    awaitVisible();
    return engine.stateHash();
  }

  /** The number of journaled operations (zero in memory). */
  public synchronized long journaledOperations() {
    return seq;
  }

  /** Closes the journal; later writes throw {@link IllegalStateException}. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (journal != null) {
      try {
        awaitSnapshot();
      } catch (IllegalStateException e) {
        // the failure stays recorded; closing still releases the journal
      }
      committer.close();
      journal.close();
    }
  }
}
