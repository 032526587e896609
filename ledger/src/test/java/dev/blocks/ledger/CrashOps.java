package dev.blocks.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A deterministic stream of ledger operations (op 1 creates accounts), shared by crash tests. */
final class CrashOps {
  static final int ACCOUNTS = 200;
  static final long BASE = 1_700_000_000_000_000_000L;

  private CrashOps() {}

  static long clock(long n) {
    return BASE + n * 1_000_000L;
  }

  static List<Account> accounts() {
    List<Account> out = new ArrayList<>();
    for (int i = 1; i <= ACCOUNTS; i++) {
      int flags = i % 2 == 0 ? AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS : AccountFlags.NONE;
      if (i % 10 == 0) {
        flags |= AccountFlags.HISTORY;
      }
      out.add(Account.of(i, 1, 1, flags));
    }
    return out;
  }

  static List<Transfer> transfers(long seed, long n) {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + n);
    int size = 20 + r.nextInt(600);
    List<Transfer> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      long id = n * 10_000 + i;
      int kind = r.nextInt(20);
      Transfer.Builder b;
      if (kind == 0 && n > 2) {
        long pending = (n - 1 - r.nextInt((int) Math.min(n - 2, 3))) * 10_000 + r.nextInt(50);
        b =
            Transfer.builder()
                .id(id)
                .pendingId(pending)
                .amount(r.nextBoolean() ? Transfer.AMOUNT_MAX : r.nextInt(100))
                .flags(
                    r.nextBoolean()
                        ? TransferFlags.POST_PENDING_TRANSFER
                        : TransferFlags.VOID_PENDING_TRANSFER);
      } else {
        long dr = 1 + r.nextInt(ACCOUNTS);
        long cr = 1 + r.nextInt(ACCOUNTS);
        int flags = kind == 1 || kind == 2 ? TransferFlags.PENDING : 0;
        if (kind == 3) {
          flags |= TransferFlags.LINKED;
        }
        b =
            Transfer.builder()
                .id(kind == 4 && i > 0 ? id - 1 : id) // a retry of the previous one
                .debitAccountId(dr)
                .creditAccountId(cr)
                .amount(1 + r.nextInt(1000))
                .ledger(1)
                .code(1)
                .flags(flags)
                .timeout(kind == 2 ? 1 : 0);
      }
      out.add(b.build());
    }
    return out;
  }

  /** Applies op {@code n} to the ledger with the clock set to {@link #clock}. */
  static void apply(Ledger ledger, FakeClock clock, long seed, long n) {
    clock.nanos = clock(n);
    if (n == 1) {
      ledger.createAccounts(accounts());
    } else {
      ledger.createTransfers(transfers(seed, n));
    }
  }
}
