package dev.blocks.ledger;

import static dev.blocks.ledger.CreateTransferResult.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A slow, obviously-correct reference for {@link Ledger}: maps of immutable values, BigInteger
 * balances, whole-state copies for linked chains, and each result chosen as the first code, in enum
 * declaration (= documented precedence) order, whose condition holds.
 */
final class LedgerModel {

  static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
  static final long NANOS = 1_000_000_000L;

  static final class Acc {
    Account created;
    int flags;
    BigInteger dp = BigInteger.ZERO;
    BigInteger dpo = BigInteger.ZERO;
    BigInteger cp = BigInteger.ZERO;
    BigInteger cpo = BigInteger.ZERO;

    Acc copy() {
      Acc a = new Acc();
      a.created = created;
      a.flags = flags;
      a.dp = dp;
      a.dpo = dpo;
      a.cp = cp;
      a.cpo = cpo;
      return a;
    }
  }

  static final class Xfer {
    Transfer stored;
    String status = "none"; // none, pending, posted, voided, expired

    Xfer copy() {
      Xfer x = new Xfer();
      x.stored = stored;
      x.status = status;
      return x;
    }
  }

  Map<Uint128, Acc> accounts = new LinkedHashMap<>();
  Map<Uint128, Xfer> transfers = new LinkedHashMap<>();
  final Set<Uint128> failed = new HashSet<>();
  long last;

  private void copyFrom(LedgerModel o) {
    accounts = new LinkedHashMap<>();
    o.accounts.forEach((k, v) -> accounts.put(k, v.copy()));
    transfers = new LinkedHashMap<>();
    o.transfers.forEach((k, v) -> transfers.put(k, v.copy()));
    last = o.last;
  }

  private LedgerModel snapshot() {
    LedgerModel m = new LedgerModel();
    m.copyFrom(this);
    return m;
  }

  // ------------------------------------------------------------------ time

  private long begin(long now) {
    long ts = Math.max(now, last + 1);
    while (true) {
      Xfer next = null;
      for (Xfer x : transfers.values()) {
        Transfer t = x.stored;
        if (!x.status.equals("pending") || t.timeout() == 0) {
          continue;
        }
        if (next == null
            || expiry(t) < expiry(next.stored)
            || (expiry(t) == expiry(next.stored) && t.timestamp() < next.stored.timestamp())) {
          next = x;
        }
      }
      if (next == null || expiry(next.stored) > ts) {
        return ts;
      }
      Transfer p = next.stored;
      next.status = "expired";
      Acc dr = accounts.get(p.debitAccountId());
      Acc cr = accounts.get(p.creditAccountId());
      dr.dp = dr.dp.subtract(BigInteger.valueOf(p.amount()));
      cr.cp = cr.cp.subtract(BigInteger.valueOf(p.amount()));
      if (p.has(TransferFlags.CLOSING_DEBIT)) {
        dr.flags &= ~AccountFlags.CLOSED;
      }
      if (p.has(TransferFlags.CLOSING_CREDIT)) {
        cr.flags &= ~AccountFlags.CLOSED;
      }
      last = ts;
      ts++;
    }
  }

  static long expiry(Transfer t) {
    return t.timestamp() + t.timeout() * NANOS;
  }

  int expire(long now) {
    long ts = Math.max(now, last + 1);
    return (int) (begin(now) - ts);
  }

  // ------------------------------------------------------------------ chains (shared shape)

  interface Step<R> {
    R apply(int index, long ts);
  }

  /** Runs events chain by chain: a chain is a maximal run whose events but the last are linked. */
  private <R> List<R> run(
      int n, long now, boolean[] linked, Step<R> step, R failedMark, R openMark, Set<R> ok) {
    long ts = begin(now);
    List<R> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(null);
    }
    int i = 0;
    while (i < n) {
      int end = i;
      while (end < n - 1 && linked[end]) {
        end++;
      }
      boolean open = linked[end]; // only possible at the last event
      if (end == i && !open) {
        out.set(i, step.apply(i, ts + i));
        i++;
        continue;
      }
      LedgerModel saved = snapshot();
      int failedAt = -1;
      int last = open ? end - 1 : end;
      for (int k = i; k <= last; k++) {
        R r = step.apply(k, ts + k);
        out.set(k, r);
        if (!ok.contains(r)) {
          failedAt = k;
          break;
        }
      }
      if (open || failedAt >= 0) {
        copyFrom(saved);
        for (int k = i; k <= end; k++) {
          if (k != failedAt) {
            out.set(k, failedMark);
          }
        }
        if (open) {
          out.set(end, openMark);
        }
      }
      i = end + 1;
    }
    if (n > 0) {
      this.last = ts + n - 1;
    }
    return out;
  }

  // ------------------------------------------------------------------ accounts

  List<CreateAccountResult> createAccounts(List<Account> events, long now) {
    boolean[] linked = new boolean[events.size()];
    for (int i = 0; i < linked.length; i++) {
      linked[i] = events.get(i).has(AccountFlags.LINKED);
    }
    return run(
        events.size(),
        now,
        linked,
        (i, ts) -> createAccount(events.get(i), ts),
        CreateAccountResult.LINKED_EVENT_FAILED,
        CreateAccountResult.LINKED_EVENT_CHAIN_OPEN,
        Set.of(CreateAccountResult.OK, CreateAccountResult.EXISTS));
  }

  private CreateAccountResult createAccount(Account a, long ts) {
    Acc e = accounts.get(a.id());
    for (CreateAccountResult r : CreateAccountResult.values()) {
      if (holds(r, a, e)) {
        return r;
      }
    }
    Acc n = new Acc();
    n.created =
        new Account(
            a.id(),
            0,
            0,
            0,
            0,
            a.userData128(),
            a.userData64(),
            a.userData32(),
            a.ledger(),
            a.code(),
            a.flags(),
            ts);
    n.flags = a.flags();
    accounts.put(a.id(), n);
    return CreateAccountResult.OK;
  }

  private static boolean holds(CreateAccountResult r, Account a, Acc e) {
    int f = a.flags();
    switch (r) {
      case OK:
      case LINKED_EVENT_FAILED:
      case LINKED_EVENT_CHAIN_OPEN:
        return false;
      case TIMESTAMP_MUST_BE_ZERO:
        return a.timestamp() != 0;
      case RESERVED_FLAG:
        return (f & ~AccountFlags.KNOWN) != 0;
      case ID_MUST_NOT_BE_ZERO:
        return a.id().isZero();
      case ID_MUST_NOT_BE_INT_MAX:
        return a.id().isMax();
      case EXISTS_WITH_DIFFERENT_FLAGS:
        return e != null && e.flags != f;
      case EXISTS_WITH_DIFFERENT_USER_DATA_128:
        return e != null && !e.created.userData128().equals(a.userData128());
      case EXISTS_WITH_DIFFERENT_USER_DATA_64:
        return e != null && e.created.userData64() != a.userData64();
      case EXISTS_WITH_DIFFERENT_USER_DATA_32:
        return e != null && e.created.userData32() != a.userData32();
      case EXISTS_WITH_DIFFERENT_LEDGER:
        return e != null && e.created.ledger() != a.ledger();
      case EXISTS_WITH_DIFFERENT_CODE:
        return e != null && e.created.code() != a.code();
      case EXISTS:
        return e != null;
      case FLAGS_ARE_MUTUALLY_EXCLUSIVE:
        return a.has(AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS)
            && a.has(AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS);
      case DEBITS_PENDING_MUST_BE_ZERO:
        return a.debitsPending() != 0;
      case DEBITS_POSTED_MUST_BE_ZERO:
        return a.debitsPosted() != 0;
      case CREDITS_PENDING_MUST_BE_ZERO:
        return a.creditsPending() != 0;
      case CREDITS_POSTED_MUST_BE_ZERO:
        return a.creditsPosted() != 0;
      case LEDGER_MUST_NOT_BE_ZERO:
        return a.ledger() == 0;
      case CODE_MUST_NOT_BE_ZERO:
        return a.code() == 0;
    }
    throw new AssertionError(r);
  }

  // ------------------------------------------------------------------ transfers

  List<CreateTransferResult> createTransfers(List<Transfer> events, long now) {
    boolean[] linked = new boolean[events.size()];
    for (int i = 0; i < linked.length; i++) {
      linked[i] = events.get(i).has(TransferFlags.LINKED);
    }
    return run(
        events.size(),
        now,
        linked,
        (i, ts) -> {
          CreateTransferResult r = createTransfer(events.get(i), ts);
          if (r.isTransient()) {
            failed.add(events.get(i).id());
          }
          return r;
        },
        LINKED_EVENT_FAILED,
        LINKED_EVENT_CHAIN_OPEN,
        Set.of(OK, EXISTS));
  }

  /** The facts a transfer's result depends on. */
  private final class Ctx {
    final Transfer t;
    final long ts;
    final boolean post;
    final boolean isVoid;
    final boolean pv;
    final boolean pending;
    final Xfer e;
    final Xfer p;
    final Acc dr;
    final Acc cr;

    Ctx(Transfer t, long ts) {
      this.t = t;
      this.ts = ts;
      post = t.has(TransferFlags.POST_PENDING_TRANSFER);
      isVoid = t.has(TransferFlags.VOID_PENDING_TRANSFER);
      pv = post || isVoid;
      pending = t.has(TransferFlags.PENDING);
      e = transfers.get(t.id());
      p = pv ? transfers.get(t.pendingId()) : null;
      if (pv) {
        dr = p == null ? null : accounts.get(p.stored.debitAccountId());
        cr = p == null ? null : accounts.get(p.stored.creditAccountId());
      } else {
        dr = accounts.get(t.debitAccountId());
        cr = accounts.get(t.creditAccountId());
      }
    }

    /** The amount that would move (normal transfers: after balancing). */
    BigInteger amount() {
      BigInteger a = BigInteger.valueOf(t.amount());
      if (pv) {
        long pa = p.stored.amount();
        if (isVoid) {
          return t.amount() > 0 ? a : BigInteger.valueOf(pa);
        }
        return t.amount() == Transfer.AMOUNT_MAX ? BigInteger.valueOf(pa) : a;
      }
      if (t.has(TransferFlags.BALANCING_DEBIT)) {
        a = a.min(dr.cpo.subtract(dr.dpo.add(dr.dp)).max(BigInteger.ZERO));
      }
      if (t.has(TransferFlags.BALANCING_CREDIT)) {
        a = a.min(cr.dpo.subtract(cr.cpo.add(cr.cp)).max(BigInteger.ZERO));
      }
      return a;
    }
  }

  private CreateTransferResult createTransfer(Transfer t, long ts) {
    Ctx c = new Ctx(t, ts);
    CreateTransferResult firstDiff = c.e == null ? null : firstDifference(c);
    for (CreateTransferResult r : CreateTransferResult.values()) {
      if (r.name().startsWith("EXISTS")) {
        if (c.e != null) {
          return firstDiff;
        }
        continue;
      }
      if (holds(r, c)) {
        return r;
      }
    }
    apply(c);
    return OK;
  }

  private boolean holds(CreateTransferResult r, Ctx c) {
    Transfer t = c.t;
    int f = t.flags();
    boolean closing = (f & (TransferFlags.CLOSING_DEBIT | TransferFlags.CLOSING_CREDIT)) != 0;
    switch (r) {
      case OK:
      case LINKED_EVENT_FAILED:
      case LINKED_EVENT_CHAIN_OPEN:
        return false;
      case TIMESTAMP_MUST_BE_ZERO:
        return t.timestamp() != 0;
      case RESERVED_FLAG:
        return (f & ~TransferFlags.KNOWN) != 0;
      case ID_MUST_NOT_BE_ZERO:
        return t.id().isZero();
      case ID_MUST_NOT_BE_INT_MAX:
        return t.id().isMax();
      case ID_ALREADY_FAILED:
        return failed.contains(t.id());
      case FLAGS_ARE_MUTUALLY_EXCLUSIVE:
        return c.pv
            && ((c.post && c.isVoid)
                || c.pending
                || t.has(TransferFlags.BALANCING_DEBIT)
                || t.has(TransferFlags.BALANCING_CREDIT)
                || closing);
      case DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO:
        return !c.pv && t.debitAccountId().isZero();
      case DEBIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX:
        return !c.pv && t.debitAccountId().isMax();
      case CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO:
        return !c.pv && t.creditAccountId().isZero();
      case CREDIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX:
        return !c.pv && t.creditAccountId().isMax();
      case ACCOUNTS_MUST_BE_DIFFERENT:
        return !c.pv && t.debitAccountId().equals(t.creditAccountId());
      case PENDING_ID_MUST_BE_ZERO:
        return !c.pv && !t.pendingId().isZero();
      case PENDING_ID_MUST_NOT_BE_ZERO:
        return c.pv && t.pendingId().isZero();
      case PENDING_ID_MUST_NOT_BE_INT_MAX:
        return c.pv && t.pendingId().isMax();
      case PENDING_ID_MUST_BE_DIFFERENT:
        return c.pv && t.pendingId().equals(t.id());
      case TIMEOUT_RESERVED_FOR_PENDING_TRANSFER:
        return t.timeout() != 0 && (c.pv || !c.pending);
      case CLOSING_TRANSFER_MUST_BE_PENDING:
        return !c.pv && !c.pending && closing;
      case LEDGER_MUST_NOT_BE_ZERO:
        return !c.pv && t.ledger() == 0;
      case CODE_MUST_NOT_BE_ZERO:
        return !c.pv && t.code() == 0;
      case DEBIT_ACCOUNT_NOT_FOUND:
        return !c.pv && c.dr == null;
      case CREDIT_ACCOUNT_NOT_FOUND:
        return !c.pv && c.cr == null;
      case ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER:
        return !c.pv && c.dr.created.ledger() != c.cr.created.ledger();
      case TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS:
        return !c.pv && t.ledger() != c.dr.created.ledger();
      case PENDING_TRANSFER_NOT_FOUND:
        return c.pv && c.p == null;
      case PENDING_TRANSFER_NOT_PENDING:
        return c.pv && !c.p.stored.has(TransferFlags.PENDING);
      case PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID:
        return c.pv
            && !t.debitAccountId().isZero()
            && !t.debitAccountId().equals(c.p.stored.debitAccountId());
      case PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID:
        return c.pv
            && !t.creditAccountId().isZero()
            && !t.creditAccountId().equals(c.p.stored.creditAccountId());
      case PENDING_TRANSFER_HAS_DIFFERENT_LEDGER:
        return c.pv && t.ledger() != 0 && t.ledger() != c.p.stored.ledger();
      case PENDING_TRANSFER_HAS_DIFFERENT_CODE:
        return c.pv && t.code() != 0 && t.code() != c.p.stored.code();
      case EXCEEDS_PENDING_TRANSFER_AMOUNT:
        return c.pv && c.amount().compareTo(BigInteger.valueOf(c.p.stored.amount())) > 0;
      case PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT:
        return c.isVoid && c.amount().compareTo(BigInteger.valueOf(c.p.stored.amount())) < 0;
      case PENDING_TRANSFER_ALREADY_POSTED:
        return c.pv && c.p.status.equals("posted");
      case PENDING_TRANSFER_ALREADY_VOIDED:
        return c.pv && c.p.status.equals("voided");
      case PENDING_TRANSFER_EXPIRED:
        return c.pv
            && (c.p.status.equals("expired")
                || (c.p.stored.timeout() > 0 && expiry(c.p.stored) <= c.ts));
      case DEBIT_ACCOUNT_ALREADY_CLOSED:
        return !c.isVoid && (c.dr.flags & AccountFlags.CLOSED) != 0;
      case CREDIT_ACCOUNT_ALREADY_CLOSED:
        return !c.isVoid && (c.cr.flags & AccountFlags.CLOSED) != 0;
      case OVERFLOWS_DEBITS_PENDING:
        return !c.pv && c.pending && c.dr.dp.add(c.amount()).compareTo(MAX) > 0;
      case OVERFLOWS_CREDITS_PENDING:
        return !c.pv && c.pending && c.cr.cp.add(c.amount()).compareTo(MAX) > 0;
      case OVERFLOWS_DEBITS_POSTED:
        return !c.pv && c.dr.dpo.add(c.amount()).compareTo(MAX) > 0;
      case OVERFLOWS_CREDITS_POSTED:
        return !c.pv && c.cr.cpo.add(c.amount()).compareTo(MAX) > 0;
      case OVERFLOWS_DEBITS:
        return !c.pv && c.dr.dp.add(c.dr.dpo).add(c.amount()).compareTo(MAX) > 0;
      case OVERFLOWS_CREDITS:
        return !c.pv && c.cr.cp.add(c.cr.cpo).add(c.amount()).compareTo(MAX) > 0;
      case OVERFLOWS_TIMEOUT:
        return !c.pv
            && BigInteger.valueOf(c.ts)
                    .add(BigInteger.valueOf(t.timeout()).multiply(BigInteger.valueOf(NANOS)))
                    .compareTo(MAX)
                > 0;
      case EXCEEDS_CREDITS:
        return !c.pv
            && (c.dr.flags & AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS) != 0
            && c.dr.dp.add(c.dr.dpo).add(c.amount()).compareTo(c.dr.cpo) > 0;
      case EXCEEDS_DEBITS:
        return !c.pv
            && (c.cr.flags & AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS) != 0
            && c.cr.cp.add(c.cr.cpo).add(c.amount()).compareTo(c.cr.dpo) > 0;
      default:
        throw new AssertionError(r);
    }
  }

  /** The first field, in precedence order, where a retry differs from the stored transfer. */
  private CreateTransferResult firstDifference(Ctx c) {
    Transfer t = c.t;
    Transfer e = c.e.stored;
    if (t.flags() != e.flags()) {
      return EXISTS_WITH_DIFFERENT_FLAGS;
    }
    if (!t.pendingId().equals(e.pendingId())) {
      return EXISTS_WITH_DIFFERENT_PENDING_ID;
    }
    if (t.timeout() != e.timeout()) {
      return EXISTS_WITH_DIFFERENT_TIMEOUT;
    }
    boolean pv = c.pv;
    Transfer p = pv ? transfers.get(e.pendingId()).stored : null;
    if (pv
        ? differsUnlessZero(t.debitAccountId(), e.debitAccountId())
        : !t.debitAccountId().equals(e.debitAccountId())) {
      return EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID;
    }
    if (pv
        ? differsUnlessZero(t.creditAccountId(), e.creditAccountId())
        : !t.creditAccountId().equals(e.creditAccountId())) {
      return EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID;
    }
    boolean amountDiffers;
    if (pv) {
      boolean full = c.isVoid ? t.amount() == 0 : t.amount() == Transfer.AMOUNT_MAX;
      amountDiffers = full ? e.amount() != p.amount() : t.amount() != e.amount();
    } else if (t.has(TransferFlags.BALANCING_DEBIT) || t.has(TransferFlags.BALANCING_CREDIT)) {
      amountDiffers = t.amount() < e.amount();
    } else {
      amountDiffers = t.amount() != e.amount();
    }
    if (amountDiffers) {
      return EXISTS_WITH_DIFFERENT_AMOUNT;
    }
    Uint128 ud = pv && t.userData128().isZero() ? p.userData128() : t.userData128();
    if (!ud.equals(e.userData128())) {
      return EXISTS_WITH_DIFFERENT_USER_DATA_128;
    }
    long ud64 = pv && t.userData64() == 0 ? p.userData64() : t.userData64();
    if (ud64 != e.userData64()) {
      return EXISTS_WITH_DIFFERENT_USER_DATA_64;
    }
    int ud32 = pv && t.userData32() == 0 ? p.userData32() : t.userData32();
    if (ud32 != e.userData32()) {
      return EXISTS_WITH_DIFFERENT_USER_DATA_32;
    }
    if (pv ? t.ledger() != 0 && t.ledger() != e.ledger() : t.ledger() != e.ledger()) {
      return EXISTS_WITH_DIFFERENT_LEDGER;
    }
    if (pv ? t.code() != 0 && t.code() != e.code() : t.code() != e.code()) {
      return EXISTS_WITH_DIFFERENT_CODE;
    }
    return EXISTS;
  }

  private static boolean differsUnlessZero(Uint128 asked, Uint128 stored) {
    return !asked.isZero() && !asked.equals(stored);
  }

  private void apply(Ctx c) {
    Transfer t = c.t;
    BigInteger amount = c.amount();
    long a = amount.longValueExact();
    Xfer x = new Xfer();
    if (c.pv) {
      Transfer p = c.p.stored;
      x.stored =
          t.toBuilder()
              .debitAccountId(p.debitAccountId())
              .creditAccountId(p.creditAccountId())
              .amount(a)
              .userData128(t.userData128().isZero() ? p.userData128() : t.userData128())
              .userData64(t.userData64() == 0 ? p.userData64() : t.userData64())
              .userData32(t.userData32() == 0 ? p.userData32() : t.userData32())
              .ledger(p.ledger())
              .code(p.code())
              .timestamp(c.ts)
              .build();
      BigInteger pa = BigInteger.valueOf(p.amount());
      c.dr.dp = c.dr.dp.subtract(pa);
      c.cr.cp = c.cr.cp.subtract(pa);
      if (c.post) {
        c.dr.dpo = c.dr.dpo.add(amount);
        c.cr.cpo = c.cr.cpo.add(amount);
        c.p.status = "posted";
      } else {
        c.p.status = "voided";
        if (p.has(TransferFlags.CLOSING_DEBIT)) {
          c.dr.flags &= ~AccountFlags.CLOSED;
        }
        if (p.has(TransferFlags.CLOSING_CREDIT)) {
          c.cr.flags &= ~AccountFlags.CLOSED;
        }
      }
    } else {
      x.stored = t.toBuilder().amount(a).timestamp(c.ts).build();
      if (c.pending) {
        c.dr.dp = c.dr.dp.add(amount);
        c.cr.cp = c.cr.cp.add(amount);
        x.status = "pending";
      } else {
        c.dr.dpo = c.dr.dpo.add(amount);
        c.cr.cpo = c.cr.cpo.add(amount);
      }
      if (t.has(TransferFlags.CLOSING_DEBIT)) {
        c.dr.flags |= AccountFlags.CLOSED;
      }
      if (t.has(TransferFlags.CLOSING_CREDIT)) {
        c.cr.flags |= AccountFlags.CLOSED;
      }
    }
    transfers.put(t.id(), x);
  }

  // ------------------------------------------------------------------ views

  List<Account> accounts() {
    List<Account> out = new ArrayList<>();
    for (Acc a : accounts.values()) {
      Account c = a.created;
      out.add(
          new Account(
              c.id(),
              a.dp.longValueExact(),
              a.dpo.longValueExact(),
              a.cp.longValueExact(),
              a.cpo.longValueExact(),
              c.userData128(),
              c.userData64(),
              c.userData32(),
              c.ledger(),
              c.code(),
              a.flags,
              c.timestamp()));
    }
    return out;
  }

  List<Transfer> transfers() {
    List<Transfer> out = new ArrayList<>();
    for (Xfer x : transfers.values()) {
      out.add(x.stored);
    }
    return out;
  }
}
