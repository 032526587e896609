package dev.blocks.ledger;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;

/**
 * Generates ledger scenarios as lists of small integers ("genes") that QuickTheories can shrink,
 * and decodes them into batches of account and transfer requests rich in edge cases: duplicate ids
 * with equal and different fields, failed ids retried, linked chains failing at every position and
 * left open, pending/post/void/partial/expired transfers, amounts near {@link Long#MAX_VALUE},
 * closed accounts, cross-ledger pairs, zero and maximal ids, reserved flags.
 */
final class Scenarios {

  static final int GENES = 14;

  private Scenarios() {}

  /** One operation: a batch of events plus how far the clock moves before it. */
  record Op(String kind, long advance, List<Account> accounts, List<Transfer> transfers) {
    @Override
    public String toString() {
      return kind + " +" + advance + "ns " + (kind.equals("accounts") ? accounts : transfers);
    }
  }

  static Gen<List<List<List<Integer>>>> scenarios(int maxBatches, int maxEvents) {
    Gen<List<Integer>> event = lists().of(integers().between(0, 999)).ofSize(GENES);
    Gen<List<List<Integer>>> batch = lists().of(event).ofSizeBetween(1, maxEvents);
    return lists().of(batch).ofSizeBetween(1, maxBatches);
  }

  /** The accounts every scenario starts with (ledger 1: ids 1..4, ledger 2: ids 5, 6). */
  static List<Account> setup() {
    return List.of(
        Account.of(1, 1, 1, AccountFlags.NONE),
        Account.of(2, 1, 1, AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS | AccountFlags.HISTORY),
        Account.of(3, 1, 2, AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS),
        Account.of(4, 1, 2, AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS),
        Account.of(5, 2, 1, AccountFlags.HISTORY),
        Account.of(6, 2, 1, AccountFlags.NONE));
  }

  /** Funding so that limited accounts have room: 1 pays 2 and 4; 3 pays... via 1. */
  static List<Transfer> funding() {
    return List.of(
        Transfer.builder()
            .id(1000)
            .debitAccountId(1)
            .creditAccountId(2)
            .amount(500)
            .ledger(1)
            .code(1)
            .build(),
        Transfer.builder()
            .id(1001)
            .debitAccountId(1)
            .creditAccountId(4)
            .amount(500)
            .ledger(1)
            .code(1)
            .build(),
        Transfer.builder()
            .id(1002)
            .debitAccountId(3)
            .creditAccountId(1)
            .amount(0)
            .ledger(1)
            .code(1)
            .build());
  }

  static List<Op> decode(List<List<List<Integer>>> genes) {
    List<Op> ops = new ArrayList<>();
    List<Transfer> seen = new ArrayList<>();
    // Half the scenarios give most new transfers ascending ids (time-based ids, as TigerBeetle
    // recommends), crossing the sign bit of the low half so that unsigned order matters; the
    // engine indexes those differently from the rest.
    boolean ascending = genes.get(0).get(0).get(3) % 2 == 0;
    long next = Long.MAX_VALUE - 30;
    for (List<List<Integer>> batch : genes) {
      List<Integer> first = batch.get(0);
      long advance =
          switch (first.get(0) % 6) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> 500_000_000L;
            case 3 -> 1_000_000_000L;
            case 4 -> 2_000_000_000L;
            default -> 1_000;
          };
      int kind = first.get(1) % 12;
      if (kind == 0) {
        List<Account> as = new ArrayList<>();
        for (List<Integer> g : batch) {
          as.add(account(g));
        }
        ops.add(new Op("accounts", advance, as, List.of()));
      } else if (kind == 1) {
        ops.add(new Op("expire", advance, List.of(), List.of()));
      } else {
        List<Transfer> ts = new ArrayList<>();
        for (List<Integer> g : batch) {
          Transfer t;
          if (g.get(0) % 4 == 0 && !seen.isEmpty()) {
            t = retry(seen.get(seen.size() - 1 - g.get(11) % Math.min(6, seen.size())), g);
          } else {
            t = transfer(g, seen);
            if (ascending && g.get(2) % 5 != 0) {
              t = t.toBuilder().id(new Uint128(g.get(2) % 7 == 0 ? 1 : 0, next++)).build();
            }
          }
          ts.add(t);
          seen.add(t);
        }
        ops.add(new Op("transfers", advance, List.of(), ts));
      }
    }
    return ops;
  }

  static Uint128 id(int g, int pool) {
    int v = g % (pool + 2);
    if (v == 0) {
      return Uint128.ZERO;
    }
    if (v == pool + 1) {
      return Uint128.MAX;
    }
    return Uint128.of(v);
  }

  /** Mostly accounts 1..4 of ledger 1 (or 5, 6 of ledger 2), sometimes an edge. */
  static Uint128 accountRef(int g, boolean ledger2) {
    return switch (g % 24) {
      case 0 -> Uint128.ZERO;
      case 1 -> Uint128.MAX;
      case 2 -> Uint128.of(99); // not found
      case 3, 4 -> Uint128.of(7 + g % 3); // maybe created by an account batch
      case 5 -> Uint128.of(ledger2 ? 1 + g % 4 : 5 + g % 2); // the other ledger
      default -> ledger2 ? Uint128.of(5 + g % 2) : Uint128.of(1 + g % 4);
    };
  }

  static Account account(List<Integer> g) {
    Uint128 id =
        g.get(2) % 25 == 0
            ? Uint128.ZERO
            : g.get(2) % 25 == 1 ? Uint128.MAX : Uint128.of(1 + g.get(2) % 10);
    int flags = 0;
    if (g.get(6) % 4 == 0) {
      flags |= AccountFlags.LINKED;
    }
    switch (g.get(7) % 5) {
      case 1 -> flags |= AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS;
      case 2 -> flags |= AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS;
      case 3 -> {
        if (g.get(8) % 3 == 0) {
          flags |=
              AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS
                  | AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS;
        }
      }
      default -> {}
    }
    if (g.get(9) % 2 == 0) {
      flags |= AccountFlags.HISTORY;
    }
    if (g.get(9) % 13 == 0) {
      flags |= AccountFlags.CLOSED;
    }
    if (g.get(9) % 53 == 0) {
      flags |= 1 << 4; // imported: not supported, reserved here
    }
    int ledger = g.get(12) % 7 == 0 ? 0 : 1 + g.get(12) % 2;
    int code = g.get(13) % 9 == 0 ? 0 : 1 + g.get(13) % 2;
    int balance = g.get(4) % 60;
    long ts = g.get(0) % 41 == 0 ? 1 : 0;
    return new Account(
        id,
        balance == 1 ? 1 : 0,
        balance == 2 ? 1 : 0,
        balance == 3 ? 1 : 0,
        balance == 4 ? 1 : 0,
        Uint128.of(g.get(5) % 2),
        g.get(3) % 2,
        g.get(10) % 3 == 0 ? 1 : 0,
        ledger,
        code,
        flags,
        ts);
  }

  /** An earlier request again: exactly, or with one field changed, or under a new id. */
  static Transfer retry(Transfer t, List<Integer> g) {
    Transfer.Builder b = t.toBuilder();
    switch (g.get(10) % 18) {
      case 4 -> b.amount(t.amount() == 0 ? 1 : t.amount() - 1);
      case 5 -> b.userData128(Uint128.of(7));
      case 6 -> b.userData64(t.userData64() + 1);
      case 7 -> b.userData32(t.userData32() + 1);
      case 8 -> b.ledger(t.ledger() == 1 ? 2 : 1);
      case 9 -> b.code(t.code() == 1 ? 2 : 1);
      case 10, 11, 12, 13, 14 -> b.id(id(g.get(1) * 7 + g.get(2), 5000));
      case 15 -> b.pendingId(t.pendingId().isZero() ? Uint128.of(1 + g.get(9) % 5) : Uint128.ZERO);
      case 16 -> b.timeout(t.timeout() == Integer.MAX_VALUE ? 0 : t.timeout() + 1);
      case 17 -> b.creditAccountId(Uint128.of(t.creditAccountId().lo() + 1));
      default -> {}
    }
    return b.build();
  }

  static Transfer transfer(List<Integer> g, List<Transfer> seen) {
    Transfer.Builder b = Transfer.builder();
    b.id(id(g.get(1) * 7 + g.get(2), 5000));
    boolean ledger2 = g.get(12) % 8 == 7;
    b.debitAccountId(accountRef(g.get(3), ledger2));
    b.creditAccountId(accountRef(g.get(4), ledger2));
    int amountKind = g.get(5) % 9;
    long small = g.get(11);
    b.amount(
        switch (amountKind) {
          case 0 -> 0;
          case 1, 2, 3, 4 -> small % 100;
          case 5 -> small * 1_000;
          case 6 -> Long.MAX_VALUE - small;
          case 7 -> g.get(6) % 2 == 0 ? Long.MAX_VALUE / 2 - small : Long.MAX_VALUE / 3;
          default -> Transfer.AMOUNT_MAX;
        });
    int flags = 0;
    if (g.get(6) % 7 == 0) {
      flags |= TransferFlags.LINKED;
    }
    int phase = g.get(7) % 6;
    if (phase == 1 || phase == 2) {
      flags |= TransferFlags.PENDING;
    } else if (phase == 3) {
      flags |= TransferFlags.POST_PENDING_TRANSFER;
    } else if (phase == 4) {
      flags |= TransferFlags.VOID_PENDING_TRANSFER;
    }
    boolean pv0 = phase == 3 || phase == 4;
    switch (g.get(8) % (pv0 ? 40 : 14)) {
      case 0 -> flags |= TransferFlags.BALANCING_DEBIT;
      case 1 -> flags |= TransferFlags.BALANCING_CREDIT;
      case 2 -> flags |= TransferFlags.CLOSING_DEBIT;
      case 3 -> flags |= TransferFlags.CLOSING_CREDIT;
      case 4 -> flags |= g.get(6) & 0xFF; // a random combination
      case 5 -> flags |= g.get(6) % 7 == 0 ? 1 << 8 : 0; // imported: reserved here
      default -> {}
    }
    b.flags(flags);
    boolean pv =
        (flags & (TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER)) != 0;
    if (pv) {
      List<Transfer> pendings = seen.stream().filter(t -> t.has(TransferFlags.PENDING)).toList();
      b.pendingId(
          g.get(9) % 29 == 0
              ? b.build().id()
              : g.get(9) % 4 != 0 && !pendings.isEmpty()
                  ? pendings.get(pendings.size() - 1 - g.get(9) % Math.min(4, pendings.size())).id()
                  : id(g.get(9), 48));
      if (g.get(3) % 3 != 0) {
        b.debitAccountId(Uint128.ZERO);
      }
      if (g.get(4) % 3 != 0) {
        b.creditAccountId(Uint128.ZERO);
      }
    } else if (g.get(9) % 25 == 0) {
      b.pendingId(id(g.get(9), 16));
    }
    boolean pendingFlag = (flags & TransferFlags.PENDING) != 0;
    b.timeout(
        !pendingFlag
            ? (g.get(10) % 40 == 0 ? 1 : 0)
            : switch (g.get(10) % 9) {
              case 0, 1, 2 -> 0;
              case 3, 4, 5 -> 1;
              case 6 -> 2;
              case 7 -> 3;
              default -> g.get(10) > 500 ? Integer.MAX_VALUE : 1;
            });
    int l = g.get(12) % 8;
    b.ledger(l == 0 ? 0 : l == 7 ? 2 : (pv && l == 1) ? 0 : 1);
    b.code(g.get(13) % 10 == 0 ? 0 : (pv && g.get(13) % 3 == 0) ? 0 : 1 + g.get(13) % 7 / 6);
    if (g.get(0) % 7 == 0) {
      b.userData64(g.get(0) % 3);
    }
    if (g.get(1) % 11 == 0) {
      b.userData128(Uint128.of(g.get(1) % 2));
    }
    if (g.get(0) % 53 == 0) {
      b.timestamp(1);
    }
    return b.build();
  }
}
