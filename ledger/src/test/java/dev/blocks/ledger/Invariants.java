package dev.blocks.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The ledger's invariants, checked from the outside (plus the pending status of transfers). */
final class Invariants {
  private Invariants() {}

  static void check(Ledger ledger, String context) {
    List<Account> accounts = ledger.accounts();
    List<Transfer> transfers = ledger.transfers();
    LedgerEngine e = ledger.engine;
    Map<Uint128, BigInteger[]> fold = new HashMap<>();
    for (Account a : accounts) {
      fold.put(
          a.id(),
          new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO});
    }
    for (int s = 0; s < transfers.size(); s++) {
      Transfer t = transfers.get(s);
      BigInteger amount = BigInteger.valueOf(t.amount());
      BigInteger[] dr = fold.get(t.debitAccountId());
      BigInteger[] cr = fold.get(t.creditAccountId());
      if (t.has(TransferFlags.PENDING)) {
        if (e.tStatus[s] == LedgerEngine.PENDING) {
          dr[0] = dr[0].add(amount);
          cr[2] = cr[2].add(amount);
        }
      } else if (!t.has(TransferFlags.VOID_PENDING_TRANSFER)) {
        dr[1] = dr[1].add(amount);
        cr[3] = cr[3].add(amount);
      }
    }
    Map<Integer, BigInteger[]> perLedger = new HashMap<>();
    for (Account a : accounts) {
      BigInteger[] f = fold.get(a.id());
      assertThat(
              new long[] {
                a.debitsPending(), a.debitsPosted(), a.creditsPending(), a.creditsPosted()
              })
          .as("%s: balances of account %s equal the fold of its transfers", context, a.id())
          .containsExactly(
              f[0].longValueExact(),
              f[1].longValueExact(),
              f[2].longValueExact(),
              f[3].longValueExact());
      if (a.has(AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS)) {
        assertThat(a.debitsPending() + a.debitsPosted())
            .as("%s: debits of %s must not exceed credits", context, a.id())
            .isLessThanOrEqualTo(a.creditsPosted());
      }
      if (a.has(AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS)) {
        assertThat(a.creditsPending() + a.creditsPosted())
            .as("%s: credits of %s must not exceed debits", context, a.id())
            .isLessThanOrEqualTo(a.debitsPosted());
      }
      BigInteger[] sums =
          perLedger.computeIfAbsent(
              a.ledger(),
              k ->
                  new BigInteger[] {
                    BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO
                  });
      sums[0] = sums[0].add(BigInteger.valueOf(a.debitsPending()));
      sums[1] = sums[1].add(BigInteger.valueOf(a.debitsPosted()));
      sums[2] = sums[2].add(BigInteger.valueOf(a.creditsPending()));
      sums[3] = sums[3].add(BigInteger.valueOf(a.creditsPosted()));
    }
    perLedger.forEach(
        (l, s) -> {
          assertThat(s[0])
              .as("%s: ledger %d debits pending = credits pending", context, l)
              .isEqualTo(s[2]);
          assertThat(s[1])
              .as("%s: ledger %d debits posted = credits posted", context, l)
              .isEqualTo(s[3]);
        });
  }
}
