package dev.blocks.ledger;

import java.util.Objects;

/**
 * A reusable batch of up to {@value #MAX_EVENTS} transfer requests in primitive columns, for
 * creating transfers without allocating.
 *
 * <p>{@link Ledger#createTransfers(java.util.List)} is the convenient way in; this class is the
 * fast one: fill it with {@link #add(long, long, long, long, long, long, long, int, int, int)} and
 * the optional setters, call {@link Ledger#createTransfers(TransferBatch, CreateTransferResult[])},
 * then {@link #clear()} and refill. Fields not set are zero.
 *
 * <p>Not thread-safe: confine to one thread.
 *
 * @since 0.1
 */
public final class TransferBatch {

  /** TigerBeetle's batch limit for {@code create_transfers}: 8,190 events per request. */
  public static final int MAX_EVENTS = 8190;

  final long[] idHi = new long[MAX_EVENTS];
  final long[] idLo = new long[MAX_EVENTS];
  final long[] drHi = new long[MAX_EVENTS];
  final long[] drLo = new long[MAX_EVENTS];
  final long[] crHi = new long[MAX_EVENTS];
  final long[] crLo = new long[MAX_EVENTS];
  final long[] amount = new long[MAX_EVENTS];
  final long[] pendHi = new long[MAX_EVENTS];
  final long[] pendLo = new long[MAX_EVENTS];
  final long[] udHi = new long[MAX_EVENTS];
  final long[] udLo = new long[MAX_EVENTS];
  final long[] ud64 = new long[MAX_EVENTS];
  final int[] ud32 = new int[MAX_EVENTS];
  final int[] timeout = new int[MAX_EVENTS];
  final int[] ledger = new int[MAX_EVENTS];
  final int[] code = new int[MAX_EVENTS];
  final int[] flags = new int[MAX_EVENTS];
  final long[] timestamp = new long[MAX_EVENTS];
  int size;

  /** An empty batch. */
  public TransferBatch() {}

  /** The number of events. */
  public int size() {
    return size;
  }

  /** Removes every event. */
  public void clear() {
    size = 0;
  }

  /**
   * Appends a transfer with the given core fields (ids as unsigned 128-bit halves) and zero pending
   * id, user data, timeout and timestamp.
   *
   * @return the event's index, for the optional setters
   * @throws IllegalStateException if the batch holds {@value #MAX_EVENTS} events
   * @throws IllegalArgumentException if {@code amount < 0}
   */
  public int add(
      long idHi,
      long idLo,
      long debitHi,
      long debitLo,
      long creditHi,
      long creditLo,
      long amount,
      int ledger,
      int code,
      int flags) {
    if (size == MAX_EVENTS) {
      throw new IllegalStateException("batch must hold at most " + MAX_EVENTS + " events, full");
    }
    Account.nonNegative("amount", amount);
    int i = size++;
    this.idHi[i] = idHi;
    this.idLo[i] = idLo;
    this.drHi[i] = debitHi;
    this.drLo[i] = debitLo;
    this.crHi[i] = creditHi;
    this.crLo[i] = creditLo;
    this.amount[i] = amount;
    this.ledger[i] = ledger;
    this.code[i] = code;
    this.flags[i] = flags;
    pendHi[i] = 0;
    pendLo[i] = 0;
    udHi[i] = 0;
    udLo[i] = 0;
    ud64[i] = 0;
    ud32[i] = 0;
    timeout[i] = 0;
    timestamp[i] = 0;
    return i;
  }

  /**
   * Appends a transfer record.
   *
   * @return the event's index
   * @throws NullPointerException if {@code t} is null
   * @throws IllegalStateException if the batch is full
   */
  public int add(Transfer t) {
    Objects.requireNonNull(t, "transfer");
    int i =
        add(
            t.id().hi(),
            t.id().lo(),
            t.debitAccountId().hi(),
            t.debitAccountId().lo(),
            t.creditAccountId().hi(),
            t.creditAccountId().lo(),
            t.amount(),
            t.ledger(),
            t.code(),
            t.flags());
    pendHi[i] = t.pendingId().hi();
    pendLo[i] = t.pendingId().lo();
    udHi[i] = t.userData128().hi();
    udLo[i] = t.userData128().lo();
    ud64[i] = t.userData64();
    ud32[i] = t.userData32();
    timeout[i] = t.timeout();
    timestamp[i] = t.timestamp();
    return i;
  }

  /** Sets event {@code i}'s pending id. */
  public void pendingId(int i, long hi, long lo) {
    check(i);
    pendHi[i] = hi;
    pendLo[i] = lo;
  }

  /** Sets event {@code i}'s user data. */
  public void userData(int i, long hi128, long lo128, long userData64, int userData32) {
    check(i);
    udHi[i] = hi128;
    udLo[i] = lo128;
    ud64[i] = userData64;
    ud32[i] = userData32;
  }

  /** Sets event {@code i}'s timeout in seconds. */
  public void timeout(int i, int seconds) {
    check(i);
    Account.nonNegative("timeout", seconds);
    timeout[i] = seconds;
  }

  /** Event {@code i} as a record. */
  public Transfer get(int i) {
    check(i);
    return new Transfer(
        new Uint128(idHi[i], idLo[i]),
        new Uint128(drHi[i], drLo[i]),
        new Uint128(crHi[i], crLo[i]),
        amount[i],
        new Uint128(pendHi[i], pendLo[i]),
        new Uint128(udHi[i], udLo[i]),
        ud64[i],
        ud32[i],
        timeout[i],
        ledger[i],
        code[i],
        flags[i],
        timestamp[i]);
  }

  private void check(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("index must be in [0, " + size + "), got " + i);
    }
  }
}
