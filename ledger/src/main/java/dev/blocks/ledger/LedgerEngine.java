package dev.blocks.ledger;

import static dev.blocks.ledger.CreateTransferResult.*;

import java.util.Arrays;
import java.util.List;

/**
 * The deterministic state machine behind {@link Ledger}: accounts and transfers in primitive
 * columns, open-addressing indexes, an expiry heap and an undo log for linked chains.
 *
 * <p>Every decision follows TigerBeetle's {@code create_accounts} / {@code create_transfers}
 * reference; see {@link CreateTransferResult} for the order of precedence. Same inputs (events and
 * clock readings) give the same results and the same {@link #stateHash()}. The transfer path
 * allocates nothing once the columns have grown to the working size. Not thread-safe.
 */
final class LedgerEngine {

  static final byte NONE = 0;
  static final byte PENDING = 1;
  static final byte POSTED = 2;
  static final byte VOIDED = 3;
  static final byte EXPIRED = 4;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  // Accounts. The hot fields of each account share one 64-byte record of acc, and the records
  // themselves form the id index: an open-addressing table keyed by account id (linear probing,
  // load <= 1/4, an all-zero id marks a free record), so finding an account and loading its
  // balances cost one cache miss, not two. Records move when the table grows or an entry is
  // removed, so everything else names an account by its ordinal s (creation order): the cold
  // columns below, transfers (tDr, tCr) and the snapshot. The record holds its ordinal; aPos maps
  // ordinal to record position p, and the record of ordinal s is at ab(s) = pb(aPos[s]).
  static final int ACC0 = 6; // 16-byte array header + 6 longs = 64: records line-aligned when the
  // array starts on a cache line (large arrays start at a G1 region boundary)
  static final int ID_HI = 0;
  static final int ID_LO = 1;
  static final int DP = 2;
  static final int DPO = 3;
  static final int CP = 4;
  static final int CPO = 5;
  static final int META = 6; // flags (low 32 bits) | ledger (high 32 bits)
  static final int LINKS = 7; // newest transfer slot touching the account, or -1 (low 32 bits)
  // | the account's ordinal (high 32 bits)
  private static final int ACCOUNT_LOAD = 4; // records per account: the table's load is <= 1/4
  int accountCount;
  long[] acc;
  int[] aPos;
  private int acctMask;
  long[] aUdHi;
  long[] aUdLo;
  long[] aUd64;
  int[] aUd32;
  int[] aCode;
  long[] aTs;
  int[] aHistHead;

  // transfers
  int transferCount;
  long[] tIdHi;
  long[] tIdLo;
  int[] tDr;
  int[] tCr;
  long[] tAmount;
  long[] tPendHi;
  long[] tPendLo;
  int[] tPendSlot;
  long[] tUdHi;
  long[] tUdLo;
  long[] tUd64;
  int[] tUd32;
  int[] tTimeout;
  int[] tLedger;
  int[] tCode;
  int[] tFlags;
  long[] tTs;
  byte[] tStatus;
  int[] tNextDr;
  int[] tNextCr;
  // Transfer ids are indexed in two parts. The run: slots whose ids ascend (unsigned 128-bit
  // order) in slot order, each id above every id before it; found by galloping back from the
  // newest. Time-based ids (ULIDs, TigerBeetle's recommendation) all land here, so a new id costs
  // one comparison with runMax and no random memory access. Every other id goes to an
  // open-addressing table over transfer slots: (int) hash << 32 | (slot + 1), 0 = empty; key in
  // tIdHi/Lo. Every id in the table is below runMax.
  private int[] runSlot;
  private int runLength;
  private long runMaxHi;
  private long runMaxLo;
  private long[] transferTable;
  private int transferMask;
  private int transferLimit;
  private int transferSize;
  IdIndex failedIds;

  // history (accounts with HISTORY): balances after each change, newest first per account; a row
  // is [timestamp, the four balances, previous row of the account or -1]
  static final int H_TS = 0;
  static final int H_BALANCES = 1;
  static final int H_PREV = 5;
  Rows hist = new Rows(6);

  // expiry heap ordered by (expiresAt, timestamp)
  int heapSize;
  long[] heapExp = new long[64];
  long[] heapTs = new long[64];
  int[] heapSlot = new int[64];

  long lastTimestamp;

  // per-batch scratch of the two-pass transfer loop
  private static final int CHUNK = 128;
  private static final int APPEND = -1; // insert position: append to the run
  private final int[] drSlot = new int[TransferBatch.MAX_EVENTS];
  private final int[] crSlot = new int[TransferBatch.MAX_EVENTS];
  private final int[] idEntry = new int[TransferBatch.MAX_EVENTS];
  long prefetchSink;

  // undo log for linked chains
  private boolean inChain;
  // a row is [record position, the record's words DP..LINKS (balances, flags and ledger, list head
  // and ordinal), history head]
  private static final int U_POS = 0;
  private static final int U_RECORD = 1;
  private static final int U_HIST = 7;
  private final Rows undo = new Rows(8);
  private int pUndoCount;
  private int[] puSlot = new int[64];
  private byte[] puStatus = new byte[64];
  private int chainTransferStart;
  private int chainHistStart;
  private int chainAccountStart;

  LedgerEngine(int accountCapacity, int transferCapacity) {
    int ac = Math.max(16, accountCapacity);
    int tc = Math.max(16, transferCapacity);
    acc = new long[ACC0 + tableSize(ac, ACCOUNT_LOAD) * 8];
    acctMask = (acc.length - ACC0) / 8 - 1;
    aPos = new int[ac];
    aUdHi = new long[ac];
    aUdLo = new long[ac];
    aUd64 = new long[ac];
    aUd32 = new int[ac];
    aCode = new int[ac];
    aTs = new long[ac];
    aHistHead = new int[ac];
    tIdHi = new long[tc];
    tIdLo = new long[tc];
    tDr = new int[tc];
    tCr = new int[tc];
    tAmount = new long[tc];
    tPendHi = new long[tc];
    tPendLo = new long[tc];
    tPendSlot = new int[tc];
    tUdHi = new long[tc];
    tUdLo = new long[tc];
    tUd64 = new long[tc];
    tUd32 = new int[tc];
    tTimeout = new int[tc];
    tLedger = new int[tc];
    tCode = new int[tc];
    tFlags = new int[tc];
    tTs = new long[tc];
    tStatus = new byte[tc];
    tNextDr = new int[tc];
    tNextCr = new int[tc];
    runSlot = new int[tc];
    transferTable = new long[tableSize(tc, 2)];
    transferMask = transferTable.length - 1;
    transferLimit = transferTable.length / 2;
    failedIds = new IdIndex(64);
  }

  // ---------------------------------------------------------------- account records

  /** The index in {@code acc} of the record at position {@code p}. */
  static int pb(int p) {
    return ACC0 + (p << 3);
  }

  /** The index in {@code acc} of the record of the account with ordinal {@code s}. */
  int ab(int s) {
    return pb(aPos[s]);
  }

  /** The ordinal of the account whose record is at position {@code p}. */
  private int ord(int p) {
    return (int) (acc[pb(p) + LINKS] >>> 32);
  }

  private int flagsAt(int p) {
    return (int) acc[pb(p) + META];
  }

  private int txHeadAt(int p) {
    return (int) acc[pb(p) + LINKS];
  }

  long aIdHi(int s) {
    return acc[ab(s) + ID_HI];
  }

  long aIdLo(int s) {
    return acc[ab(s) + ID_LO];
  }

  long aDp(int s) {
    return acc[ab(s) + DP];
  }

  long aDpo(int s) {
    return acc[ab(s) + DPO];
  }

  long aCp(int s) {
    return acc[ab(s) + CP];
  }

  long aCpo(int s) {
    return acc[ab(s) + CPO];
  }

  int aFlags(int s) {
    return (int) acc[ab(s) + META];
  }

  int aLedger(int s) {
    return (int) (acc[ab(s) + META] >>> 32);
  }

  int aTxHead(int s) {
    return (int) acc[ab(s) + LINKS];
  }

  private void setFlagsAt(int p, int flags) {
    int i = pb(p) + META;
    acc[i] = (acc[i] & 0xFFFF_FFFF_0000_0000L) | (flags & 0xFFFF_FFFFL);
  }

  private void setTxHeadAt(int p, int head) {
    int i = pb(p) + LINKS;
    acc[i] = (acc[i] & 0xFFFF_FFFF_0000_0000L) | (head & 0xFFFF_FFFFL);
  }

  // ---------------------------------------------------------------- indexes

  /**
   * The smallest power of two >= {@code n * factor} (at least 16): a table with load <= 1/factor.
   */
  private static int tableSize(int n, int factor) {
    long want = Math.max(16L, (long) n * factor);
    if (want > 1 << 30) {
      throw new IllegalStateException("ledger index must hold at most 2^30 entries, got " + want);
    }
    return Integer.highestOneBit((int) want - 1) << 1;
  }

  /** A 64-bit mix of a 128-bit id (MurmurHash3's fmix64 finaliser over both halves). */
  static long hash(long h, long l) {
    long x = h * 0x9E3779B97F4A7C15L ^ l;
    x ^= x >>> 33;
    x *= 0xFF51AFD7ED558CCDL;
    x ^= x >>> 33;
    x *= 0xC4CEB9FE1A85EC53L;
    x ^= x >>> 33;
    return x;
  }

  /** The ordinal of the account with this id, or -1. */
  int findAccount(long h, long l) {
    int p = findPos(h, l, hash(h, l));
    return p < 0 ? -1 : ord(p);
  }

  /** The record position of the account with id {@code (h, l)}, {@code x = hash(h, l)}, or -1. */
  private int findPos(long h, long l, long x) {
    return findFrom((int) x & acctMask, h, l);
  }

  /** The record position of the account with id {@code (h, l)}, probing from {@code p}, or -1. */
  private int findFrom(int p, long h, long l) {
    if ((h | l) == 0) {
      return -1;
    }
    long[] a = acc;
    int m = acctMask;
    while (true) {
      int r = pb(p);
      long il = a[r + ID_LO];
      long ih = a[r + ID_HI];
      if (il == l && ih == h) {
        return p;
      }
      if ((il | ih) == 0) {
        return -1;
      }
      p = (p + 1) & m;
    }
  }

  /**
   * Gives account ordinal {@code s} with id {@code (h, l)} (not present) a free record, holding the
   * id, the ordinal and an empty transfer list; returns its position.
   */
  private int place(int s, long h, long l) {
    long[] a = acc;
    int m = acctMask;
    int p = (int) hash(h, l) & m;
    while ((a[pb(p) + ID_LO] | a[pb(p) + ID_HI]) != 0) {
      p = (p + 1) & m;
    }
    int r = pb(p);
    a[r + ID_HI] = h;
    a[r + ID_LO] = l;
    a[r + LINKS] = ((long) s << 32) | 0xFFFF_FFFFL;
    aPos[s] = p;
    return p;
  }

  /** Removes account ordinal {@code s}'s record by backward shift (Knuth, TAOCP 6.4 R). */
  private void removeAccount(int s) {
    long[] a = acc;
    int m = acctMask;
    int gap = aPos[s];
    int j = gap;
    while (true) {
      j = (j + 1) & m;
      int r = pb(j);
      if ((a[r + ID_LO] | a[r + ID_HI]) == 0) {
        break;
      }
      int home = (int) hash(a[r + ID_HI], a[r + ID_LO]) & m;
      if (!cyclicallyBetween(gap, home, j)) {
        System.arraycopy(a, r, a, pb(gap), 8);
        aPos[ord(gap)] = gap;
        gap = j;
      }
    }
    Arrays.fill(a, pb(gap), pb(gap) + 8, 0L);
  }

  /** Removes {@code want} (present) from an index table by backward shift. */
  private static void removeEntry(long[] t, int m, long want) {
    int i = (int) (want >>> 32) & m;
    while (t[i] != want) {
      i = (i + 1) & m;
    }
    int gap = i;
    int j = i;
    while (true) {
      j = (j + 1) & m;
      long e = t[j];
      if (e == 0) {
        break;
      }
      int home = (int) (e >>> 32) & m;
      if (!cyclicallyBetween(gap, home, j)) {
        t[gap] = e;
        gap = j;
      }
    }
    t[gap] = 0;
  }

  /** Whether {@code home} lies cyclically in {@code (gap, j]}. */
  private static boolean cyclicallyBetween(int gap, int home, int j) {
    return gap <= j ? (gap < home && home <= j) : (gap < home || home <= j);
  }

  /**
   * Probes the transfer index for id {@code (h, l)} with {@code x = hash(h, l)}: the transfer's
   * slot if present, else {@code -(position + 1)} of the free entry where it would be inserted.
   */
  private int probeTransfer(long h, long l, long x) {
    long[] t = transferTable;
    int m = transferMask;
    int fp = (int) x;
    int i = fp & m;
    while (true) {
      long e = t[i];
      if (e == 0) {
        return -(i + 1);
      }
      if ((int) (e >>> 32) == fp) {
        int s = (int) e - 1;
        if (tIdLo[s] == l && tIdHi[s] == h) {
          return s;
        }
      }
      i = (i + 1) & m;
    }
  }

  /** The slot of the transfer with this id, or -1. */
  int findTransfer(long h, long l) {
    if (aboveRun(h, l)) {
      return -1;
    }
    int s = probeTransfer(h, l, hash(h, l));
    return s >= 0 ? s : searchRun(h, l);
  }

  /** Whether id {@code (h, l)} is above every id in the run (so it is no transfer's id). */
  private boolean aboveRun(long h, long l) {
    return runLength == 0
        || (h == runMaxHi
            ? Long.compareUnsigned(l, runMaxLo) > 0
            : Long.compareUnsigned(h, runMaxHi) > 0);
  }

  /**
   * The slot of the run's transfer with id {@code (h, l)}, or -1: gallops back from the newest
   * entry (retries are usually of recent ids), then binary search.
   */
  private int searchRun(long h, long l) {
    int n = runLength;
    int right = n; // ids at [right, n) are above the key
    int left = 0;
    for (int step = 1; ; step <<= 1) {
      int j = n - step;
      if (j < 0) {
        break;
      }
      int c = compareRun(j, h, l);
      if (c == 0) {
        return runSlot[j];
      }
      if (c < 0) {
        left = j + 1;
        break;
      }
      right = j;
    }
    while (left < right) {
      int mid = (left + right) >>> 1;
      int c = compareRun(mid, h, l);
      if (c == 0) {
        return runSlot[mid];
      }
      if (c < 0) {
        left = mid + 1;
      } else {
        right = mid;
      }
    }
    return -1;
  }

  /** Compares the id of run entry {@code j} with {@code (h, l)}, unsigned. */
  private int compareRun(int j, long h, long l) {
    int s = runSlot[j];
    long sh = tIdHi[s];
    return sh != h ? Long.compareUnsigned(sh, h) : Long.compareUnsigned(tIdLo[s], l);
  }

  /** Makes room so that the next insert needs no growth (probe positions stay valid). */
  private void reserveTransferEntry() {
    if (transferSize >= transferLimit) {
      long[] old = transferTable;
      transferTable = new long[old.length * 2];
      transferMask = transferTable.length - 1;
      transferLimit = transferTable.length / 2;
      for (long e : old) {
        if (e != 0) {
          int i = (int) (e >>> 32) & transferMask;
          while (transferTable[i] != 0) {
            i = (i + 1) & transferMask;
          }
          transferTable[i] = e;
        }
      }
    }
  }

  /** Indexes transfer slot {@code s} (id not present) when rebuilding from a snapshot. */
  private void putTransfer(int s) {
    long h = tIdHi[s];
    long l = tIdLo[s];
    if (aboveRun(h, l)) {
      appendRun(s, h, l);
      return;
    }
    reserveTransferEntry();
    int pos = -probeTransfer(h, l, hash(h, l)) - 1;
    transferTable[pos] = entry(hash(h, l), s);
    transferSize++;
  }

  private void appendRun(int s, long h, long l) {
    runSlot[runLength++] = s;
    runMaxHi = h;
    runMaxLo = l;
  }

  private static long entry(long x, int s) {
    return (x << 32) | (s + 1L);
  }

  /** Removes transfer slot {@code s}, the newest, from the run or the table (backward shift). */
  private void removeTransfer(int s) {
    if (runLength > 0 && runSlot[runLength - 1] == s) {
      runLength--;
      int last = runLength == 0 ? -1 : runSlot[runLength - 1];
      runMaxHi = last < 0 ? 0 : tIdHi[last];
      runMaxLo = last < 0 ? 0 : tIdLo[last];
      return;
    }
    removeEntry(transferTable, transferMask, entry(hash(tIdHi[s], tIdLo[s]), s));
    transferSize--;
  }

  // ---------------------------------------------------------------- timestamps and expiry

  /** The first timestamp of an operation at clock reading {@code now}, after expiring. */
  private long begin(long now) {
    long ts = Math.max(now, lastTimestamp + 1);
    while (heapSize > 0 && heapExp[0] <= ts) {
      int slot = heapSlot[0];
      long pts = heapTs[0];
      heapPop();
      if (slot < transferCount && tTs[slot] == pts && tStatus[slot] == PENDING) {
        expire(slot, ts);
        ts++;
      }
    }
    return ts;
  }

  private void expire(int slot, long ts) {
    int dr = aPos[tDr[slot]];
    int cr = aPos[tCr[slot]];
    long amount = tAmount[slot];
    tStatus[slot] = EXPIRED;
    acc[pb(dr) + DP] -= amount;
    acc[pb(cr) + CP] -= amount;
    if ((tFlags[slot] & TransferFlags.CLOSING_DEBIT) != 0) {
      setFlagsAt(dr, flagsAt(dr) & ~AccountFlags.CLOSED);
    }
    if ((tFlags[slot] & TransferFlags.CLOSING_CREDIT) != 0) {
      setFlagsAt(cr, flagsAt(cr) & ~AccountFlags.CLOSED);
    }
    history(dr, ts);
    history(cr, ts);
    lastTimestamp = ts;
  }

  /** Expires what is due at clock reading {@code now}; returns the number expired. */
  int expireDue(long now) {
    long ts = Math.max(now, lastTimestamp + 1);
    return (int) (begin(now) - ts);
  }

  private void heapPush(long exp, long ts, int slot) {
    if (heapSize == heapExp.length) {
      int n = heapSize * 2;
      heapExp = Arrays.copyOf(heapExp, n);
      heapTs = Arrays.copyOf(heapTs, n);
      heapSlot = Arrays.copyOf(heapSlot, n);
    }
    int i = heapSize++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(exp, ts, heapExp[parent], heapTs[parent])) {
        break;
      }
      heapExp[i] = heapExp[parent];
      heapTs[i] = heapTs[parent];
      heapSlot[i] = heapSlot[parent];
      i = parent;
    }
    heapExp[i] = exp;
    heapTs[i] = ts;
    heapSlot[i] = slot;
  }

  private void heapPop() {
    int n = --heapSize;
    long exp = heapExp[n];
    long ts = heapTs[n];
    int slot = heapSlot[n];
    int i = 0;
    while (true) {
      int c = 2 * i + 1;
      if (c >= n) {
        break;
      }
      if (c + 1 < n && less(heapExp[c + 1], heapTs[c + 1], heapExp[c], heapTs[c])) {
        c++;
      }
      if (!less(heapExp[c], heapTs[c], exp, ts)) {
        break;
      }
      heapExp[i] = heapExp[c];
      heapTs[i] = heapTs[c];
      heapSlot[i] = heapSlot[c];
      i = c;
    }
    heapExp[i] = exp;
    heapTs[i] = ts;
    heapSlot[i] = slot;
  }

  private static boolean less(long e1, long t1, long e2, long t2) {
    return e1 < e2 || (e1 == e2 && t1 < t2);
  }

  // ---------------------------------------------------------------- accounts

  void createAccounts(List<Account> events, long now, CreateAccountResult[] out) {
    int n = events.size();
    long ts = begin(now);
    int chain = -1;
    boolean broken = false;
    for (int i = 0; i < n; i++) {
      Account a = events.get(i);
      boolean linked = (a.flags() & AccountFlags.LINKED) != 0;
      CreateAccountResult r;
      if (linked && chain < 0) {
        chain = i;
        openChain();
      }
      if (linked && i == n - 1) {
        r = CreateAccountResult.LINKED_EVENT_CHAIN_OPEN;
      } else if (broken) {
        r = CreateAccountResult.LINKED_EVENT_FAILED;
      } else {
        r = createAccount(a, ts + i);
      }
      out[i] = r;
      if (!r.isSuccess() && chain >= 0 && !broken) {
        broken = true;
        rollbackChain();
        for (int j = chain; j < i; j++) {
          out[j] = CreateAccountResult.LINKED_EVENT_FAILED;
        }
      }
      if (chain >= 0 && (!linked || r == CreateAccountResult.LINKED_EVENT_CHAIN_OPEN)) {
        inChain = false;
        chain = -1;
        broken = false;
      }
    }
    if (n > 0) {
      lastTimestamp = ts + n - 1;
    }
  }

  private CreateAccountResult createAccount(Account a, long ts) {
    if (a.timestamp() != 0) {
      return CreateAccountResult.TIMESTAMP_MUST_BE_ZERO;
    }
    int f = a.flags();
    if ((f & ~AccountFlags.KNOWN) != 0) {
      return CreateAccountResult.RESERVED_FLAG;
    }
    long h = a.id().hi();
    long l = a.id().lo();
    if (h == 0 && l == 0) {
      return CreateAccountResult.ID_MUST_NOT_BE_ZERO;
    }
    if (h == -1L && l == -1L) {
      return CreateAccountResult.ID_MUST_NOT_BE_INT_MAX;
    }
    int e = findAccount(h, l);
    if (e >= 0) {
      if (aFlags(e) != f) {
        return CreateAccountResult.EXISTS_WITH_DIFFERENT_FLAGS;
      }
      if (aUdHi[e] != a.userData128().hi() || aUdLo[e] != a.userData128().lo()) {
        return CreateAccountResult.EXISTS_WITH_DIFFERENT_USER_DATA_128;
      }
      if (aUd64[e] != a.userData64()) {
        return CreateAccountResult.EXISTS_WITH_DIFFERENT_USER_DATA_64;
      }
      if (aUd32[e] != a.userData32()) {
        return CreateAccountResult.EXISTS_WITH_DIFFERENT_USER_DATA_32;
      }
      if (aLedger(e) != a.ledger()) {
        return CreateAccountResult.EXISTS_WITH_DIFFERENT_LEDGER;
      }
      if (aCode[e] != a.code()) {
        return CreateAccountResult.EXISTS_WITH_DIFFERENT_CODE;
      }
      return CreateAccountResult.EXISTS;
    }
    if ((f & AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS) != 0
        && (f & AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS) != 0) {
      return CreateAccountResult.FLAGS_ARE_MUTUALLY_EXCLUSIVE;
    }
    if (a.debitsPending() != 0) {
      return CreateAccountResult.DEBITS_PENDING_MUST_BE_ZERO;
    }
    if (a.debitsPosted() != 0) {
      return CreateAccountResult.DEBITS_POSTED_MUST_BE_ZERO;
    }
    if (a.creditsPending() != 0) {
      return CreateAccountResult.CREDITS_PENDING_MUST_BE_ZERO;
    }
    if (a.creditsPosted() != 0) {
      return CreateAccountResult.CREDITS_POSTED_MUST_BE_ZERO;
    }
    if (a.ledger() == 0) {
      return CreateAccountResult.LEDGER_MUST_NOT_BE_ZERO;
    }
    if (a.code() == 0) {
      return CreateAccountResult.CODE_MUST_NOT_BE_ZERO;
    }
    if (accountCount == aUdHi.length) {
      growAccounts();
    }
    int s = accountCount++;
    int r = pb(place(s, h, l));
    aUdHi[s] = a.userData128().hi();
    aUdLo[s] = a.userData128().lo();
    aUd64[s] = a.userData64();
    aUd32[s] = a.userData32();
    aCode[s] = a.code();
    aTs[s] = ts;
    aHistHead[s] = -1;
    acc[r + META] = ((long) a.ledger() << 32) | (f & 0xFFFF_FFFFL);
    acc[r + DP] = 0;
    acc[r + DPO] = 0;
    acc[r + CP] = 0;
    acc[r + CPO] = 0;
    return CreateAccountResult.OK;
  }

  // ---------------------------------------------------------------- transfers

  void createTransfers(TransferBatch b, long now, CreateTransferResult[] out) {
    int n = b.size;
    long ts = begin(now);
    int chain = -1;
    boolean broken = false;
    for (int i = 0; i < n; i++) {
      if ((i & (CHUNK - 1)) == 0) {
        prefetch(b, i, Math.min(n, i + CHUNK));
      }
      boolean linked = (b.flags[i] & TransferFlags.LINKED) != 0;
      CreateTransferResult r;
      if (linked && chain < 0) {
        chain = i;
        openChain();
      }
      if (linked && i == n - 1) {
        r = LINKED_EVENT_CHAIN_OPEN;
      } else if (broken) {
        r = LINKED_EVENT_FAILED;
      } else {
        r = createTransfer(b, i, ts + i);
        if (r.isTransient()) {
          failedIds.put(b.idHi[i], b.idLo[i], 0);
        }
      }
      out[i] = r;
      if (!r.isSuccess() && chain >= 0 && !broken) {
        broken = true;
        rollbackChain();
        for (int j = chain; j < i; j++) {
          out[j] = LINKED_EVENT_FAILED;
        }
      }
      if (chain >= 0 && (!linked || r == LINKED_EVENT_CHAIN_OPEN)) {
        inChain = false;
        chain = -1;
        broken = false;
      }
    }
    if (n > 0) {
      lastTimestamp = ts + n - 1;
    }
  }

  /**
   * The first pass over events {@code [from, to)}: resolves both account slots (the account index
   * does not change while transfers are created) and hashes each transfer id, touching the index
   * entry. The loads of different events are independent, so the CPU overlaps their cache misses;
   * the second pass then finds the lines in cache.
   */
  private void prefetch(TransferBatch b, int from, int to) {
    long[] t = transferTable;
    int tm = transferMask;
    long[] a = acc;
    int am = acctMask;
    long touched = 0;
    // wave 1: the home positions of both accounts (and the index entry of an id that is not above
    // the run, which ascending ids never need)
    for (int i = from; i < to; i++) {
      drSlot[i] = (int) hash(b.drHi[i], b.drLo[i]) & am;
      crSlot[i] = (int) hash(b.crHi[i], b.crLo[i]) & am;
      idEntry[i] = aboveRun(b.idHi[i], b.idLo[i]) ? -1 : (int) hash(b.idHi[i], b.idLo[i]) & tm;
    }
    // wave 2: the home records, in a loop of nothing but independent loads so that as many cache
    // and TLB misses as the core can track are in flight at once
    for (int i = from; i < to; i++) {
      touched += a[pb(drSlot[i])] + a[pb(crSlot[i])];
      int e = idEntry[i];
      if (e >= 0) {
        touched += t[e];
      }
    }
    // wave 3: the probes start on cached records
    for (int i = from; i < to; i++) {
      drSlot[i] = findFrom(drSlot[i], b.drHi[i], b.drLo[i]);
      crSlot[i] = findFrom(crSlot[i], b.crHi[i], b.crLo[i]);
    }
    prefetchSink = touched;
  }

  private CreateTransferResult createTransfer(TransferBatch b, int i, long ts) {
    if (b.timestamp[i] != 0) {
      return TIMESTAMP_MUST_BE_ZERO;
    }
    int f = b.flags[i];
    if ((f & ~TransferFlags.KNOWN) != 0) {
      return RESERVED_FLAG;
    }
    long h = b.idHi[i];
    long l = b.idLo[i];
    if (h == 0 && l == 0) {
      return ID_MUST_NOT_BE_ZERO;
    }
    if (h == -1L && l == -1L) {
      return ID_MUST_NOT_BE_INT_MAX;
    }
    int position = APPEND;
    if (!aboveRun(h, l)) {
      reserveTransferEntry();
      int e = probeTransfer(h, l, hash(h, l));
      if (e < 0) {
        position = -e - 1;
        e = searchRun(h, l);
      }
      if (e >= 0) {
        return exists(b, i, e);
      }
    }
    if (failedIds.size() > 0 && failedIds.get(h, l) >= 0) {
      return ID_ALREADY_FAILED;
    }
    if ((f & (TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER)) != 0) {
      return postOrVoid(b, i, ts, position);
    }
    long drH = b.drHi[i];
    long drL = b.drLo[i];
    long crH = b.crHi[i];
    long crL = b.crLo[i];
    if (drH == 0 && drL == 0) {
      return DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO;
    }
    if (drH == -1L && drL == -1L) {
      return DEBIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX;
    }
    if (crH == 0 && crL == 0) {
      return CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO;
    }
    if (crH == -1L && crL == -1L) {
      return CREDIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX;
    }
    if (drH == crH && drL == crL) {
      return ACCOUNTS_MUST_BE_DIFFERENT;
    }
    if (b.pendHi[i] != 0 || b.pendLo[i] != 0) {
      return PENDING_ID_MUST_BE_ZERO;
    }
    boolean pending = (f & TransferFlags.PENDING) != 0;
    if (!pending) {
      if (b.timeout[i] != 0) {
        return TIMEOUT_RESERVED_FOR_PENDING_TRANSFER;
      }
      if ((f & (TransferFlags.CLOSING_DEBIT | TransferFlags.CLOSING_CREDIT)) != 0) {
        return CLOSING_TRANSFER_MUST_BE_PENDING;
      }
    }
    if (b.ledger[i] == 0) {
      return LEDGER_MUST_NOT_BE_ZERO;
    }
    if (b.code[i] == 0) {
      return CODE_MUST_NOT_BE_ZERO;
    }
    int dr = drSlot[i];
    if (dr < 0) {
      return DEBIT_ACCOUNT_NOT_FOUND;
    }
    int cr = crSlot[i];
    if (cr < 0) {
      return CREDIT_ACCOUNT_NOT_FOUND;
    }
    long[] a = acc;
    int rd = pb(dr);
    int rc = pb(cr);
    if ((int) (a[rd + META] >>> 32) != (int) (a[rc + META] >>> 32)) {
      return ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER;
    }
    if (b.ledger[i] != (int) (a[rd + META] >>> 32)) {
      return TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS;
    }
    if (((int) a[rd + META] & AccountFlags.CLOSED) != 0) {
      return DEBIT_ACCOUNT_ALREADY_CLOSED;
    }
    if (((int) a[rc + META] & AccountFlags.CLOSED) != 0) {
      return CREDIT_ACCOUNT_ALREADY_CLOSED;
    }
    long amount = b.amount[i];
    if ((f & TransferFlags.BALANCING_DEBIT) != 0) {
      amount = Math.min(amount, Math.max(0, a[rd + CPO] - (a[rd + DPO] + a[rd + DP])));
    }
    if ((f & TransferFlags.BALANCING_CREDIT) != 0) {
      amount = Math.min(amount, Math.max(0, a[rc + DPO] - (a[rc + CPO] + a[rc + CP])));
    }
    if (pending) {
      if (amount > Long.MAX_VALUE - a[rd + DP]) {
        return OVERFLOWS_DEBITS_PENDING;
      }
      if (amount > Long.MAX_VALUE - a[rc + CP]) {
        return OVERFLOWS_CREDITS_PENDING;
      }
    }
    if (amount > Long.MAX_VALUE - a[rd + DPO]) {
      return OVERFLOWS_DEBITS_POSTED;
    }
    if (amount > Long.MAX_VALUE - a[rc + CPO]) {
      return OVERFLOWS_CREDITS_POSTED;
    }
    if (amount > Long.MAX_VALUE - a[rd + DP] - a[rd + DPO]) {
      return OVERFLOWS_DEBITS;
    }
    if (amount > Long.MAX_VALUE - a[rc + CP] - a[rc + CPO]) {
      return OVERFLOWS_CREDITS;
    }
    long timeoutNanos = b.timeout[i] * NANOS_PER_SECOND;
    if (ts > Long.MAX_VALUE - timeoutNanos) {
      return OVERFLOWS_TIMEOUT;
    }
    if (((int) a[rd + META] & AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS) != 0
        && a[rd + DP] + a[rd + DPO] + amount > a[rd + CPO]) {
      return EXCEEDS_CREDITS;
    }
    if (((int) a[rc + META] & AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS) != 0
        && a[rc + CP] + a[rc + CPO] + amount > a[rc + DPO]) {
      return EXCEEDS_DEBITS;
    }
    // From here on the transfer succeeds.
    saveAccount(dr);
    saveAccount(cr);
    int s =
        insertTransfer(
            position,
            h,
            l,
            dr,
            cr,
            amount,
            0,
            0,
            -1,
            b.udHi[i],
            b.udLo[i],
            b.ud64[i],
            b.ud32[i],
            b.timeout[i],
            b.ledger[i],
            b.code[i],
            f,
            ts);
    if (pending) {
      a[rd + DP] += amount;
      a[rc + CP] += amount;
      tStatus[s] = PENDING;
      if (b.timeout[i] > 0) {
        heapPush(ts + timeoutNanos, ts, s);
      }
    } else {
      a[rd + DPO] += amount;
      a[rc + CPO] += amount;
    }
    if ((f & TransferFlags.CLOSING_DEBIT) != 0) {
      setFlagsAt(dr, flagsAt(dr) | AccountFlags.CLOSED);
    }
    if ((f & TransferFlags.CLOSING_CREDIT) != 0) {
      setFlagsAt(cr, flagsAt(cr) | AccountFlags.CLOSED);
    }
    history(dr, ts);
    history(cr, ts);
    return OK;
  }

  private CreateTransferResult postOrVoid(TransferBatch b, int i, long ts, int position) {
    int f = b.flags[i];
    boolean post = (f & TransferFlags.POST_PENDING_TRANSFER) != 0;
    boolean isVoid = (f & TransferFlags.VOID_PENDING_TRANSFER) != 0;
    int exclusive =
        TransferFlags.PENDING
            | TransferFlags.BALANCING_DEBIT
            | TransferFlags.BALANCING_CREDIT
            | TransferFlags.CLOSING_DEBIT
            | TransferFlags.CLOSING_CREDIT;
    if ((post && isVoid) || (f & exclusive) != 0) {
      return FLAGS_ARE_MUTUALLY_EXCLUSIVE;
    }
    long ph = b.pendHi[i];
    long pl = b.pendLo[i];
    if (ph == 0 && pl == 0) {
      return PENDING_ID_MUST_NOT_BE_ZERO;
    }
    if (ph == -1L && pl == -1L) {
      return PENDING_ID_MUST_NOT_BE_INT_MAX;
    }
    if (ph == b.idHi[i] && pl == b.idLo[i]) {
      return PENDING_ID_MUST_BE_DIFFERENT;
    }
    if (b.timeout[i] != 0) {
      return TIMEOUT_RESERVED_FOR_PENDING_TRANSFER;
    }
    int p = findTransfer(ph, pl);
    if (p < 0) {
      return PENDING_TRANSFER_NOT_FOUND;
    }
    if ((tFlags[p] & TransferFlags.PENDING) == 0) {
      return PENDING_TRANSFER_NOT_PENDING;
    }
    int dr = aPos[tDr[p]];
    int cr = aPos[tCr[p]];
    if (!isZero(b.drHi[i], b.drLo[i])
        && !(b.drHi[i] == acc[pb(dr) + ID_HI] && b.drLo[i] == acc[pb(dr) + ID_LO])) {
      return PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID;
    }
    if (!isZero(b.crHi[i], b.crLo[i])
        && !(b.crHi[i] == acc[pb(cr) + ID_HI] && b.crLo[i] == acc[pb(cr) + ID_LO])) {
      return PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID;
    }
    if (b.ledger[i] != 0 && b.ledger[i] != tLedger[p]) {
      return PENDING_TRANSFER_HAS_DIFFERENT_LEDGER;
    }
    if (b.code[i] != 0 && b.code[i] != tCode[p]) {
      return PENDING_TRANSFER_HAS_DIFFERENT_CODE;
    }
    long pAmount = tAmount[p];
    long amount;
    if (isVoid) {
      amount = b.amount[i] > 0 ? b.amount[i] : pAmount;
    } else {
      amount = b.amount[i] == Transfer.AMOUNT_MAX ? pAmount : b.amount[i];
    }
    if (amount > pAmount) {
      return EXCEEDS_PENDING_TRANSFER_AMOUNT;
    }
    if (isVoid && amount < pAmount) {
      return PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT;
    }
    switch (tStatus[p]) {
      case POSTED:
        return PENDING_TRANSFER_ALREADY_POSTED;
      case VOIDED:
        return PENDING_TRANSFER_ALREADY_VOIDED;
      case EXPIRED:
        return PENDING_TRANSFER_EXPIRED;
      default:
        break;
    }
    if (tTimeout[p] > 0 && tTs[p] + tTimeout[p] * NANOS_PER_SECOND <= ts) {
      return PENDING_TRANSFER_EXPIRED;
    }
    if (!isVoid && (flagsAt(dr) & AccountFlags.CLOSED) != 0) {
      return DEBIT_ACCOUNT_ALREADY_CLOSED;
    }
    if (!isVoid && (flagsAt(cr) & AccountFlags.CLOSED) != 0) {
      return CREDIT_ACCOUNT_ALREADY_CLOSED;
    }
    saveAccount(dr);
    saveAccount(cr);
    savePending(p);
    long udH = b.udHi[i];
    long udL = b.udLo[i];
    if (udH == 0 && udL == 0) {
      udH = tUdHi[p];
      udL = tUdLo[p];
    }
    long ud64 = b.ud64[i] != 0 ? b.ud64[i] : tUd64[p];
    int ud32 = b.ud32[i] != 0 ? b.ud32[i] : tUd32[p];
    insertTransfer(
        position,
        b.idHi[i],
        b.idLo[i],
        dr,
        cr,
        amount,
        ph,
        pl,
        p,
        udH,
        udL,
        ud64,
        ud32,
        0,
        tLedger[p],
        tCode[p],
        f,
        ts);
    acc[pb(dr) + DP] -= pAmount;
    acc[pb(cr) + CP] -= pAmount;
    if (post) {
      acc[pb(dr) + DPO] += amount;
      acc[pb(cr) + CPO] += amount;
      tStatus[p] = POSTED;
    } else {
      tStatus[p] = VOIDED;
      if ((tFlags[p] & TransferFlags.CLOSING_DEBIT) != 0) {
        setFlagsAt(dr, flagsAt(dr) & ~AccountFlags.CLOSED);
      }
      if ((tFlags[p] & TransferFlags.CLOSING_CREDIT) != 0) {
        setFlagsAt(cr, flagsAt(cr) & ~AccountFlags.CLOSED);
      }
    }
    history(dr, ts);
    history(cr, ts);
    return OK;
  }

  private CreateTransferResult exists(TransferBatch b, int i, int e) {
    int f = b.flags[i];
    if (f != tFlags[e]) {
      return EXISTS_WITH_DIFFERENT_FLAGS;
    }
    if (b.pendHi[i] != tPendHi[e] || b.pendLo[i] != tPendLo[e]) {
      return EXISTS_WITH_DIFFERENT_PENDING_ID;
    }
    if (b.timeout[i] != tTimeout[e]) {
      return EXISTS_WITH_DIFFERENT_TIMEOUT;
    }
    int dr = tDr[e];
    int cr = tCr[e];
    if ((f & (TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER)) != 0) {
      int p = tPendSlot[e];
      if (!isZero(b.drHi[i], b.drLo[i]) && !(b.drHi[i] == aIdHi(dr) && b.drLo[i] == aIdLo(dr))) {
        return EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID;
      }
      if (!isZero(b.crHi[i], b.crLo[i]) && !(b.crHi[i] == aIdHi(cr) && b.crLo[i] == aIdLo(cr))) {
        return EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID;
      }
      long a = b.amount[i];
      boolean full =
          (f & TransferFlags.VOID_PENDING_TRANSFER) != 0 ? a == 0 : a == Transfer.AMOUNT_MAX;
      if (full ? tAmount[e] != tAmount[p] : a != tAmount[e]) {
        return EXISTS_WITH_DIFFERENT_AMOUNT;
      }
      boolean udZero = isZero(b.udHi[i], b.udLo[i]);
      long wantH = udZero ? tUdHi[p] : b.udHi[i];
      long wantL = udZero ? tUdLo[p] : b.udLo[i];
      if (wantH != tUdHi[e] || wantL != tUdLo[e]) {
        return EXISTS_WITH_DIFFERENT_USER_DATA_128;
      }
      if ((b.ud64[i] == 0 ? tUd64[p] : b.ud64[i]) != tUd64[e]) {
        return EXISTS_WITH_DIFFERENT_USER_DATA_64;
      }
      if ((b.ud32[i] == 0 ? tUd32[p] : b.ud32[i]) != tUd32[e]) {
        return EXISTS_WITH_DIFFERENT_USER_DATA_32;
      }
      if (b.ledger[i] != 0 && b.ledger[i] != tLedger[e]) {
        return EXISTS_WITH_DIFFERENT_LEDGER;
      }
      if (b.code[i] != 0 && b.code[i] != tCode[e]) {
        return EXISTS_WITH_DIFFERENT_CODE;
      }
      return EXISTS;
    }
    if (b.drHi[i] != aIdHi(dr) || b.drLo[i] != aIdLo(dr)) {
      return EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID;
    }
    if (b.crHi[i] != aIdHi(cr) || b.crLo[i] != aIdLo(cr)) {
      return EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID;
    }
    if ((f & (TransferFlags.BALANCING_DEBIT | TransferFlags.BALANCING_CREDIT)) != 0
        ? b.amount[i] < tAmount[e]
        : b.amount[i] != tAmount[e]) {
      return EXISTS_WITH_DIFFERENT_AMOUNT;
    }
    if (b.udHi[i] != tUdHi[e] || b.udLo[i] != tUdLo[e]) {
      return EXISTS_WITH_DIFFERENT_USER_DATA_128;
    }
    if (b.ud64[i] != tUd64[e]) {
      return EXISTS_WITH_DIFFERENT_USER_DATA_64;
    }
    if (b.ud32[i] != tUd32[e]) {
      return EXISTS_WITH_DIFFERENT_USER_DATA_32;
    }
    if (b.ledger[i] != tLedger[e]) {
      return EXISTS_WITH_DIFFERENT_LEDGER;
    }
    if (b.code[i] != tCode[e]) {
      return EXISTS_WITH_DIFFERENT_CODE;
    }
    return EXISTS;
  }

  private static boolean isZero(long h, long l) {
    return h == 0 && l == 0;
  }

  private int insertTransfer(
      int position,
      long h,
      long l,
      int dr,
      int cr,
      long amount,
      long ph,
      long pl,
      int pslot,
      long udH,
      long udL,
      long ud64,
      int ud32,
      int timeout,
      int ledger,
      int code,
      int flags,
      long ts) {
    if (transferCount == tIdHi.length) {
      growTransfers();
    }
    int s = transferCount++;
    tIdHi[s] = h;
    tIdLo[s] = l;
    tDr[s] = ord(dr);
    tCr[s] = ord(cr);
    tAmount[s] = amount;
    // Columns past transferCount are zero (fresh, grown or cleared by a rollback), so the optional
    // fields of a plain transfer need no store: their cache lines stay untouched.
    if ((ph | pl) != 0) {
      tPendHi[s] = ph;
      tPendLo[s] = pl;
      tPendSlot[s] = pslot;
    }
    if ((udH | udL | ud64 | ud32 | timeout) != 0) {
      tUdHi[s] = udH;
      tUdLo[s] = udL;
      tUd64[s] = ud64;
      tUd32[s] = ud32;
      tTimeout[s] = timeout;
    }
    tLedger[s] = ledger;
    tCode[s] = code;
    tFlags[s] = flags;
    tTs[s] = ts;
    tNextDr[s] = txHeadAt(dr);
    tNextCr[s] = txHeadAt(cr);
    setTxHeadAt(dr, s);
    setTxHeadAt(cr, s);
    if (position == APPEND) {
      appendRun(s, h, l);
    } else {
      transferTable[position] = entry(hash(h, l), s);
      transferSize++;
    }
    return s;
  }

  /** Records the balances of the account at position {@code a} if it keeps history. */
  private void history(int a, long ts) {
    if ((flagsAt(a) & AccountFlags.HISTORY) == 0) {
      return;
    }
    int s = ord(a);
    int o = hist.append();
    long[] d = hist.data;
    d[o + H_TS] = ts;
    System.arraycopy(acc, pb(a) + DP, d, o + H_BALANCES, 4);
    d[o + H_PREV] = aHistHead[s];
    aHistHead[s] = hist.size - 1;
  }

  /**
   * Rows of longs of one width, appended to one growable array (row i at {@code data[i * width]}):
   * the history and the undo log of linked chains, each row holding a block of an account record
   * copied with one {@code arraycopy}. Rows below {@code size} are never written again, except by
   * an undo that truncates the table first. Not thread-safe.
   */
  static final class Rows {
    final int width;
    long[] data;
    int size;

    Rows(int width) {
      this(width, new long[width * 64], 0);
    }

    Rows(int width, long[] data, int size) {
      this.width = width;
      this.data = data;
      this.size = size;
    }

    /** Appends a row; returns its offset in {@link #data}. */
    int append() {
      int o = size * width;
      if (o + width > data.length) {
        long n = Math.min(Integer.MAX_VALUE - 8L, data.length * 2L);
        if (o + width > n) {
          throw new IllegalStateException(
              "ledger rows must fit in one array, got " + (size + 1L) + " rows of " + width);
        }
        data = Arrays.copyOf(data, (int) n);
      }
      size++;
      return o;
    }

    long get(int row, int column) {
      return data[row * width + column];
    }
  }

  // ---------------------------------------------------------------- chains

  private void openChain() {
    inChain = true;
    undo.size = 0;
    pUndoCount = 0;
    chainTransferStart = transferCount;
    chainHistStart = hist.size;
    chainAccountStart = accountCount;
  }

  /** Saves the account at position {@code a} in the undo log of an open chain. */
  private void saveAccount(int a) {
    if (!inChain) {
      return;
    }
    int o = undo.append();
    long[] d = undo.data;
    d[o + U_POS] = a;
    System.arraycopy(acc, pb(a) + DP, d, o + U_RECORD, LINKS - DP + 1);
    d[o + U_HIST] = aHistHead[ord(a)];
  }

  private void savePending(int p) {
    if (!inChain) {
      return;
    }
    if (pUndoCount == puSlot.length) {
      puSlot = Arrays.copyOf(puSlot, pUndoCount * 2);
      puStatus = Arrays.copyOf(puStatus, pUndoCount * 2);
    }
    puSlot[pUndoCount] = p;
    puStatus[pUndoCount] = tStatus[p];
    pUndoCount++;
  }

  private void rollbackChain() {
    long[] d = undo.data;
    for (int o = (undo.size - 1) * undo.width; o >= 0; o -= undo.width) {
      int a = (int) d[o + U_POS];
      System.arraycopy(d, o + U_RECORD, acc, pb(a) + DP, LINKS - DP + 1);
      aHistHead[ord(a)] = (int) d[o + U_HIST];
    }
    for (int u = pUndoCount - 1; u >= 0; u--) {
      tStatus[puSlot[u]] = puStatus[u];
    }
    for (int s = transferCount - 1; s >= chainTransferStart; s--) {
      removeTransfer(s);
      tTs[s] = 0; // invalidates heap entries that point here
      tPendHi[s] = 0;
      tPendLo[s] = 0;
      tPendSlot[s] = 0;
      tUdHi[s] = 0;
      tUdLo[s] = 0;
      tUd64[s] = 0;
      tUd32[s] = 0;
      tTimeout[s] = 0;
      tStatus[s] = NONE;
    }
    transferCount = chainTransferStart;
    hist.size = chainHistStart;
    for (int s = accountCount - 1; s >= chainAccountStart; s--) {
      removeAccount(s);
    }
    accountCount = chainAccountStart;
    undo.size = 0;
    pUndoCount = 0;
  }

  // ---------------------------------------------------------------- growth

  private void growAccounts() {
    int n = aUdHi.length * 2;
    long[] old = acc;
    int[] oldPos = aPos;
    acc = new long[ACC0 + tableSize(n, ACCOUNT_LOAD) * 8];
    acctMask = (acc.length - ACC0) / 8 - 1;
    aPos = new int[n];
    aUdHi = Arrays.copyOf(aUdHi, n);
    aUdLo = Arrays.copyOf(aUdLo, n);
    aUd64 = Arrays.copyOf(aUd64, n);
    aUd32 = Arrays.copyOf(aUd32, n);
    aCode = Arrays.copyOf(aCode, n);
    aTs = Arrays.copyOf(aTs, n);
    aHistHead = Arrays.copyOf(aHistHead, n);
    for (int s = 0; s < accountCount; s++) {
      int from = pb(oldPos[s]);
      System.arraycopy(old, from, acc, pb(place(s, old[from + ID_HI], old[from + ID_LO])), 8);
    }
  }

  private void growTransfers() {
    int n = tIdHi.length * 2;
    tIdHi = Arrays.copyOf(tIdHi, n);
    tIdLo = Arrays.copyOf(tIdLo, n);
    tDr = Arrays.copyOf(tDr, n);
    tCr = Arrays.copyOf(tCr, n);
    tAmount = Arrays.copyOf(tAmount, n);
    tPendHi = Arrays.copyOf(tPendHi, n);
    tPendLo = Arrays.copyOf(tPendLo, n);
    tPendSlot = Arrays.copyOf(tPendSlot, n);
    tUdHi = Arrays.copyOf(tUdHi, n);
    tUdLo = Arrays.copyOf(tUdLo, n);
    tUd64 = Arrays.copyOf(tUd64, n);
    tUd32 = Arrays.copyOf(tUd32, n);
    tTimeout = Arrays.copyOf(tTimeout, n);
    tLedger = Arrays.copyOf(tLedger, n);
    tCode = Arrays.copyOf(tCode, n);
    tFlags = Arrays.copyOf(tFlags, n);
    tTs = Arrays.copyOf(tTs, n);
    tStatus = Arrays.copyOf(tStatus, n);
    tNextDr = Arrays.copyOf(tNextDr, n);
    tNextCr = Arrays.copyOf(tNextCr, n);
    runSlot = Arrays.copyOf(runSlot, n);
  }

  // ---------------------------------------------------------------- reads

  Account account(int s) {
    return new Account(
        new Uint128(aIdHi(s), aIdLo(s)),
        aDp(s),
        aDpo(s),
        aCp(s),
        aCpo(s),
        new Uint128(aUdHi[s], aUdLo[s]),
        aUd64[s],
        aUd32[s],
        aLedger(s),
        aCode[s],
        aFlags(s),
        aTs[s]);
  }

  Transfer transfer(int s) {
    return new Transfer(
        new Uint128(tIdHi[s], tIdLo[s]),
        new Uint128(aIdHi(tDr[s]), aIdLo(tDr[s])),
        new Uint128(aIdHi(tCr[s]), aIdLo(tCr[s])),
        tAmount[s],
        new Uint128(tPendHi[s], tPendLo[s]),
        new Uint128(tUdHi[s], tUdLo[s]),
        tUd64[s],
        tUd32[s],
        tTimeout[s],
        tLedger[s],
        tCode[s],
        tFlags[s],
        tTs[s]);
  }

  /** Transfer slots touching account {@code a}, newest first, within [min, max], up to limit. */
  int[] accountTransfers(int a, long min, long max, int limit, boolean newestFirst) {
    int[] buf = new int[16];
    int n = 0;
    for (int s = aTxHead(a); s >= 0; s = tDr[s] == a ? tNextDr[s] : tNextCr[s]) {
      long ts = tTs[s];
      if (ts < min) {
        break;
      }
      if (ts > max) {
        continue;
      }
      if (n == buf.length) {
        buf = Arrays.copyOf(buf, n * 2);
      }
      buf[n++] = s;
      if (newestFirst && n == limit) {
        break;
      }
    }
    if (newestFirst) {
      return Arrays.copyOf(buf, n);
    }
    int k = Math.min(n, limit);
    int[] out = new int[k];
    for (int j = 0; j < k; j++) {
      out[j] = buf[n - 1 - j];
    }
    return out;
  }

  /** History entry {@code h} as a value. */
  AccountBalance historyEntry(int h) {
    int o = h * hist.width;
    long[] d = hist.data;
    return new AccountBalance(
        d[o + H_TS],
        d[o + H_BALANCES],
        d[o + H_BALANCES + 1],
        d[o + H_BALANCES + 2],
        d[o + H_BALANCES + 3]);
  }

  /** The newest history entry of account {@code a} at or before {@code ts}, or -1. */
  int historyAt(int a, long ts) {
    for (int h = aHistHead[a]; h >= 0; h = (int) hist.get(h, H_PREV)) {
      if (hist.get(h, H_TS) <= ts) {
        return h;
      }
    }
    return -1;
  }

  /** A hash of the whole state, equal for equal histories (FNV-style 64-bit mixing). */
  long stateHash() {
    long x = 0xCBF29CE484222325L;
    x = mix(x, accountCount);
    for (int s = 0; s < accountCount; s++) {
      x = mix(x, aIdHi(s));
      x = mix(x, aIdLo(s));
      x = mix(x, aUdHi[s]);
      x = mix(x, aUdLo[s]);
      x = mix(x, aUd64[s]);
      x = mix(x, aUd32[s]);
      x = mix(x, aLedger(s));
      x = mix(x, aCode[s]);
      x = mix(x, aFlags(s));
      x = mix(x, aTs[s]);
      x = mix(x, aDp(s));
      x = mix(x, aDpo(s));
      x = mix(x, aCp(s));
      x = mix(x, aCpo(s));
    }
    x = mix(x, transferCount);
    for (int s = 0; s < transferCount; s++) {
      x = mix(x, tIdHi[s]);
      x = mix(x, tIdLo[s]);
      x = mix(x, tDr[s]);
      x = mix(x, tCr[s]);
      x = mix(x, tAmount[s]);
      x = mix(x, tPendHi[s]);
      x = mix(x, tPendLo[s]);
      x = mix(x, tUdHi[s]);
      x = mix(x, tUdLo[s]);
      x = mix(x, tUd64[s]);
      x = mix(x, tUd32[s]);
      x = mix(x, tTimeout[s]);
      x = mix(x, tLedger[s]);
      x = mix(x, tCode[s]);
      x = mix(x, tFlags[s]);
      x = mix(x, tTs[s]);
      x = mix(x, tStatus[s]);
    }
    long[] failed = {0};
    failedIds.forEach((h, l, v) -> failed[0] += mix(mix(17, h), l));
    x = mix(x, failedIds.size());
    x = mix(x, failed[0]);
    x = mix(x, hist.size);
    for (int h = 0; h < hist.size; h++) {
      int o = h * hist.width + H_BALANCES;
      long[] d = hist.data;
      x = mix(x, hist.get(h, H_TS));
      x = mix(x, d[o] ^ d[o + 1] * 31 ^ d[o + 2] * 961 ^ d[o + 3] * 29791);
    }
    return mix(x, lastTimestamp);
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * A frozen view of what {@link #writeTo} reads, for a background thread to write out while this
   * engine goes on applying operations. Only what later operations can change is copied: the
   * account records and their positions, the history heads, the transfer statuses and the failed
   * ids (for a million accounts and ten million transfers about 290 MB, where copying everything
   * took over a gigabyte). Every other column is shared: below the counts taken here it is never
   * written again, because accounts, transfers and history entries are appended above the counts, a
   * chain rollback only clears what its chain appended, and growth copies into new arrays, leaving
   * these intact. The view has no indexes and must not apply operations.
   */
  LedgerEngine frozenCopy() {
    return frozenCopy(null);
  }

  /**
   * {@link #frozenCopy()} into the arrays of {@code reuse}, an earlier frozen view that is no
   * longer read (or null): a ledger that snapshots periodically then copies into memory it has
   * touched before instead of allocating (and page-faulting) a fresh account table every time.
   */
  LedgerEngine frozenCopy(LedgerEngine reuse) {
    LedgerEngine c = reuse != null ? reuse : new LedgerEngine(16, 16);
    c.freeze(this);
    return c;
  }

  private void freeze(LedgerEngine src) {
    int ac = src.accountCount;
    int tc = src.transferCount;
    accountCount = ac;
    acc = copyInto(src.acc, src.acc.length, acc);
    aPos = copyInto(src.aPos, ac, aPos, src.aPos.length);
    aHistHead = copyInto(src.aHistHead, ac, aHistHead, src.aHistHead.length);
    aUdHi = src.aUdHi;
    aUdLo = src.aUdLo;
    aUd64 = src.aUd64;
    aUd32 = src.aUd32;
    aCode = src.aCode;
    aTs = src.aTs;
    transferCount = tc;
    tStatus = copyInto(src.tStatus, tc, tStatus, src.tStatus.length);
    tIdHi = src.tIdHi;
    tIdLo = src.tIdLo;
    tDr = src.tDr;
    tCr = src.tCr;
    tAmount = src.tAmount;
    tPendHi = src.tPendHi;
    tPendLo = src.tPendLo;
    tPendSlot = src.tPendSlot;
    tUdHi = src.tUdHi;
    tUdLo = src.tUdLo;
    tUd64 = src.tUd64;
    tUd32 = src.tUd32;
    tTimeout = src.tTimeout;
    tLedger = src.tLedger;
    tCode = src.tCode;
    tFlags = src.tFlags;
    tTs = src.tTs;
    hist = new Rows(src.hist.width, src.hist.data, src.hist.size);
    failedIds = src.failedIds.copy();
    lastTimestamp = src.lastTimestamp;
  }

  /** The first {@code n} elements of {@code src} in {@code into}, reallocated if too small. */
  private static long[] copyInto(long[] src, int n, long[] into) {
    long[] out = into != null && into.length >= n ? into : new long[n];
    System.arraycopy(src, 0, out, 0, n);
    return out;
  }

  /** Same, reallocating to {@code capacity} elements. */
  private static int[] copyInto(int[] src, int n, int[] into, int capacity) {
    int[] out = into != null && into.length >= n ? into : new int[capacity];
    System.arraycopy(src, 0, out, 0, n);
    return out;
  }

  /** Same, reallocating to {@code capacity} elements. */
  private static byte[] copyInto(byte[] src, int n, byte[] into, int capacity) {
    byte[] out = into != null && into.length >= n ? into : new byte[capacity];
    System.arraycopy(src, 0, out, 0, n);
    return out;
  }

  /** Writes the whole state; {@link #readFrom} rebuilds indexes, lists and the expiry heap. */
  void writeTo(java.io.DataOutput out) throws java.io.IOException {
    out.writeLong(lastTimestamp);
    out.writeInt(accountCount);
    for (int s = 0; s < accountCount; s++) {
      out.writeLong(aIdHi(s));
      out.writeLong(aIdLo(s));
      out.writeLong(aUdHi[s]);
      out.writeLong(aUdLo[s]);
      out.writeLong(aUd64[s]);
      out.writeInt(aUd32[s]);
      out.writeInt(aLedger(s));
      out.writeInt(aCode[s]);
      out.writeInt(aFlags(s));
      out.writeLong(aTs[s]);
      out.writeLong(aDp(s));
      out.writeLong(aDpo(s));
      out.writeLong(aCp(s));
      out.writeLong(aCpo(s));
      out.writeInt(aHistHead[s]);
    }
    out.writeInt(transferCount);
    for (int s = 0; s < transferCount; s++) {
      out.writeLong(tIdHi[s]);
      out.writeLong(tIdLo[s]);
      out.writeInt(tDr[s]);
      out.writeInt(tCr[s]);
      out.writeLong(tAmount[s]);
      out.writeLong(tPendHi[s]);
      out.writeLong(tPendLo[s]);
      out.writeInt(tPendSlot[s]);
      out.writeLong(tUdHi[s]);
      out.writeLong(tUdLo[s]);
      out.writeLong(tUd64[s]);
      out.writeInt(tUd32[s]);
      out.writeInt(tTimeout[s]);
      out.writeInt(tLedger[s]);
      out.writeInt(tCode[s]);
      out.writeInt(tFlags[s]);
      out.writeLong(tTs[s]);
      out.writeByte(tStatus[s]);
    }
    out.writeInt(hist.size);
    for (int h = 0; h < hist.size; h++) {
      for (int c = H_TS; c < H_PREV; c++) {
        out.writeLong(hist.get(h, c));
      }
      out.writeInt((int) hist.get(h, H_PREV));
    }
    out.writeInt(failedIds.size());
    java.io.IOException[] error = {null};
    failedIds.forEach(
        (h, l, v) -> {
          try {
            out.writeLong(h);
            out.writeLong(l);
          } catch (java.io.IOException e) {
            error[0] = e;
          }
        });
    if (error[0] != null) {
      throw error[0];
    }
  }

  static LedgerEngine readFrom(java.io.DataInput in) throws java.io.IOException {
    long last = in.readLong();
    int ac = in.readInt();
    LedgerEngine e = new LedgerEngine(ac + 16, 16);
    e.lastTimestamp = last;
    for (int s = 0; s < ac; s++) {
      long h = in.readLong();
      long l = in.readLong();
      int r = pb(e.place(s, h, l));
      e.aUdHi[s] = in.readLong();
      e.aUdLo[s] = in.readLong();
      e.aUd64[s] = in.readLong();
      e.aUd32[s] = in.readInt();
      long ledger = in.readInt();
      e.aCode[s] = in.readInt();
      e.acc[r + META] = (ledger << 32) | (in.readInt() & 0xFFFF_FFFFL);
      e.aTs[s] = in.readLong();
      e.acc[r + DP] = in.readLong();
      e.acc[r + DPO] = in.readLong();
      e.acc[r + CP] = in.readLong();
      e.acc[r + CPO] = in.readLong();
      e.aHistHead[s] = in.readInt();
    }
    e.accountCount = ac;
    int tc = in.readInt();
    for (int s = 0; s < tc; s++) {
      if (e.transferCount == e.tIdHi.length) {
        e.growTransfers();
      }
      e.transferCount++;
      e.tIdHi[s] = in.readLong();
      e.tIdLo[s] = in.readLong();
      e.tDr[s] = in.readInt();
      e.tCr[s] = in.readInt();
      e.tAmount[s] = in.readLong();
      e.tPendHi[s] = in.readLong();
      e.tPendLo[s] = in.readLong();
      e.tPendSlot[s] = in.readInt();
      e.tUdHi[s] = in.readLong();
      e.tUdLo[s] = in.readLong();
      e.tUd64[s] = in.readLong();
      e.tUd32[s] = in.readInt();
      e.tTimeout[s] = in.readInt();
      e.tLedger[s] = in.readInt();
      e.tCode[s] = in.readInt();
      e.tFlags[s] = in.readInt();
      e.tTs[s] = in.readLong();
      e.tStatus[s] = in.readByte();
      e.tNextDr[s] = e.aTxHead(e.tDr[s]);
      e.tNextCr[s] = e.aTxHead(e.tCr[s]);
      e.setTxHeadAt(e.aPos[e.tDr[s]], s);
      e.setTxHeadAt(e.aPos[e.tCr[s]], s);
      e.putTransfer(s);
      if (e.tStatus[s] == PENDING && e.tTimeout[s] > 0) {
        e.heapPush(e.tTs[s] + e.tTimeout[s] * NANOS_PER_SECOND, e.tTs[s], s);
      }
    }
    int hc = in.readInt();
    for (int h = 0; h < hc; h++) {
      int o = e.hist.append();
      for (int c = H_TS; c < H_PREV; c++) {
        e.hist.data[o + c] = in.readLong();
      }
      e.hist.data[o + H_PREV] = in.readInt();
    }
    int fc = in.readInt();
    for (int i = 0; i < fc; i++) {
      e.failedIds.put(in.readLong(), in.readLong(), 0);
    }
    return e;
  }

  private static long mix(long x, long v) {
    x ^= v;
    x *= 0x100000001B3L;
    return x ^ (x >>> 29);
  }
}
