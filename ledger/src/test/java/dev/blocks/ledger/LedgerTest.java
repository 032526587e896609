package dev.blocks.ledger;

import static dev.blocks.ledger.CreateTransferResult.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerTest {

  static final long T0 = 1_700_000_000_000_000_000L;
  FakeClock clock;
  Ledger ledger;

  @BeforeEach
  void setUp() {
    clock = new FakeClock(T0);
    ledger = Ledger.builder().clock(clock).inMemory();
    assertThat(
            ledger.createAccounts(
                List.of(
                    Account.of(1, 1, 1, AccountFlags.NONE),
                    Account.of(2, 1, 1, AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS),
                    Account.of(3, 1, 1, AccountFlags.HISTORY),
                    Account.of(9, 2, 1, AccountFlags.NONE))))
        .containsOnly(CreateAccountResult.OK);
  }

  static Transfer.Builder t(long id, long dr, long cr, long amount) {
    return Transfer.builder()
        .id(id)
        .debitAccountId(dr)
        .creditAccountId(cr)
        .amount(amount)
        .ledger(1)
        .code(1);
  }

  List<CreateTransferResult> submit(Transfer.Builder... ts) {
    List<Transfer> list = new ArrayList<>();
    for (Transfer.Builder b : ts) {
      list.add(b.build());
    }
    return ledger.createTransfers(list);
  }

  Account account(long id) {
    return ledger.lookupAccount(Uint128.of(id)).orElseThrow();
  }

  @Test
  void transfer_movesPostedBalances() {
    assertThat(submit(t(10, 1, 2, 200_00))).containsExactly(OK);
    assertThat(account(1).debitsPosted()).isEqualTo(200_00);
    assertThat(account(2).creditsPosted()).isEqualTo(200_00);
  }

  @Test
  void identicalRetry_isExists_andChangesNothing() {
    submit(t(10, 1, 2, 5));
    long hash = ledger.stateHash();
    assertThat(submit(t(10, 1, 2, 5))).containsExactly(EXISTS);
    assertThat(account(1).debitsPosted()).isEqualTo(5);
    assertThat(ledger.transferCount()).isEqualTo(1);
    assertThat(ledger.stateHash()).isNotEqualTo(hash); // the retry consumed a timestamp
  }

  @Test
  void retryWithDifferentAmount_namesTheAmount() {
    submit(t(10, 1, 2, 5));
    assertThat(submit(t(10, 1, 2, 6))).containsExactly(EXISTS_WITH_DIFFERENT_AMOUNT);
    assertThat(submit(t(10, 1, 3, 6))).containsExactly(EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID);
  }

  @Test
  void debitsMustNotExceedCredits_isTransient_andBurnsTheId() {
    assertThat(submit(t(10, 2, 1, 1))).containsExactly(EXCEEDS_CREDITS);
    submit(t(11, 1, 2, 100)); // fund account 2
    assertThat(submit(t(10, 2, 1, 1))).containsExactly(ID_ALREADY_FAILED);
    assertThat(submit(t(12, 2, 1, 1))).containsExactly(OK);
  }

  @Test
  void pending_postedPartially_releasesTheRest() {
    submit(t(11, 1, 2, 100));
    assertThat(submit(t(20, 2, 3, 60).flags(TransferFlags.PENDING))).containsExactly(OK);
    assertThat(account(2).debitsPending()).isEqualTo(60);
    assertThat(
            submit(
                t(21, 0, 0, 45)
                    .ledger(0)
                    .code(0)
                    .pendingId(20)
                    .flags(TransferFlags.POST_PENDING_TRANSFER)))
        .containsExactly(OK);
    assertThat(account(2).debitsPending()).isZero();
    assertThat(account(2).debitsPosted()).isEqualTo(45);
    assertThat(ledger.lookupTransfer(Uint128.of(21)).orElseThrow().debitAccountId())
        .isEqualTo(Uint128.of(2));
    assertThat(
            submit(
                t(22, 0, 0, 0)
                    .ledger(0)
                    .code(0)
                    .pendingId(20)
                    .flags(TransferFlags.POST_PENDING_TRANSFER)))
        .containsExactly(PENDING_TRANSFER_ALREADY_POSTED);
    assertThat(
            submit(
                t(23, 0, 0, 0)
                    .ledger(0)
                    .code(0)
                    .pendingId(20)
                    .flags(TransferFlags.VOID_PENDING_TRANSFER)))
        .containsExactly(PENDING_TRANSFER_ALREADY_POSTED);
  }

  @Test
  void pendingReservation_countsAgainstTheLimit() {
    submit(t(11, 1, 2, 100));
    assertThat(submit(t(20, 2, 3, 80).flags(TransferFlags.PENDING))).containsExactly(OK);
    assertThat(submit(t(21, 2, 3, 30))).containsExactly(EXCEEDS_CREDITS);
    assertThat(
            submit(
                t(22, 0, 0, 0)
                    .ledger(0)
                    .code(0)
                    .pendingId(20)
                    .flags(TransferFlags.VOID_PENDING_TRANSFER)))
        .containsExactly(OK);
    assertThat(submit(t(23, 2, 3, 30))).containsExactly(OK);
  }

  @Test
  void pending_expiresExactlyAtTimestampPlusTimeout() {
    submit(t(11, 1, 2, 100));
    submit(t(20, 2, 3, 80).flags(TransferFlags.PENDING).timeout(2));
    long created = ledger.lookupTransfer(Uint128.of(20)).orElseThrow().timestamp();
    clock.nanos = created + 2_000_000_000L - 1;
    assertThat(ledger.expirePendingTransfers()).isZero();
    assertThat(account(2).debitsPending()).isEqualTo(80);
    clock.nanos = created + 2_000_000_000L;
    assertThat(ledger.expirePendingTransfers()).isEqualTo(1);
    assertThat(account(2).debitsPending()).isZero();
    assertThat(
            submit(
                t(21, 0, 0, 0)
                    .ledger(0)
                    .code(0)
                    .pendingId(20)
                    .flags(TransferFlags.POST_PENDING_TRANSFER)))
        .containsExactly(PENDING_TRANSFER_EXPIRED);
  }

  @Test
  void pendingTransfers_expireInExpiryThenTimestampOrder() {
    submit(t(11, 1, 2, 100));
    submit(
        t(20, 1, 3, 1).flags(TransferFlags.PENDING).timeout(3),
        t(21, 1, 3, 2).flags(TransferFlags.PENDING).timeout(1),
        t(22, 1, 3, 4).flags(TransferFlags.PENDING).timeout(1));
    clock.advance(10_000_000_000L);
    assertThat(ledger.expirePendingTransfers()).isEqualTo(3);
    // account 3 keeps history: the three expiries, in order 21, 22, 20, released 2, 4, then 1
    List<Long> pendings = new ArrayList<>();
    for (long ts = clock.nanos; pendings.size() < 3; ts++) { // one timestamp per expiry
      pendings.add(ledger.balanceAt(Uint128.of(3), ts).orElseThrow().creditsPending());
    }
    assertThat(pendings).containsExactly(5L, 1L, 0L);
  }

  @Test
  void linkedChain_failsAtomically() {
    submit(t(11, 1, 2, 100));
    long before = account(2).debitsPosted();
    assertThat(
            submit(
                t(30, 2, 3, 60).flags(TransferFlags.LINKED),
                t(31, 2, 3, 60).flags(TransferFlags.LINKED),
                t(32, 1, 3, 1)))
        .containsExactly(LINKED_EVENT_FAILED, EXCEEDS_CREDITS, LINKED_EVENT_FAILED);
    assertThat(account(2).debitsPosted()).isEqualTo(before);
    assertThat(ledger.lookupTransfer(Uint128.of(30))).isEmpty();
    assertThat(submit(t(30, 2, 3, 60))).containsExactly(OK); // 30 failed only with its chain
  }

  @Test
  void linkedChainLeftOpen_fails() {
    assertThat(
            submit(
                t(30, 1, 3, 1),
                t(31, 1, 3, 1).flags(TransferFlags.LINKED),
                t(32, 1, 3, 1).flags(TransferFlags.LINKED)))
        .containsExactly(OK, LINKED_EVENT_FAILED, LINKED_EVENT_CHAIN_OPEN);
    assertThat(ledger.transferCount()).isEqualTo(1);
  }

  @Test
  void balancingDebit_movesOnlyTheHeadroom() {
    submit(t(11, 1, 2, 70));
    assertThat(submit(t(12, 2, 3, 1_000).flags(TransferFlags.BALANCING_DEBIT))).containsExactly(OK);
    assertThat(ledger.lookupTransfer(Uint128.of(12)).orElseThrow().amount()).isEqualTo(70);
    assertThat(submit(t(12, 2, 3, 1_000).flags(TransferFlags.BALANCING_DEBIT)))
        .containsExactly(EXISTS);
  }

  @Test
  void closingTransfer_closesUntilVoided() {
    assertThat(submit(t(40, 1, 3, 0).flags(TransferFlags.PENDING | TransferFlags.CLOSING_CREDIT)))
        .containsExactly(OK);
    assertThat(account(3).has(AccountFlags.CLOSED)).isTrue();
    assertThat(submit(t(41, 1, 3, 5))).containsExactly(CREDIT_ACCOUNT_ALREADY_CLOSED);
    assertThat(
            submit(
                t(42, 0, 0, 0)
                    .ledger(0)
                    .code(0)
                    .pendingId(40)
                    .flags(TransferFlags.VOID_PENDING_TRANSFER)))
        .containsExactly(OK);
    assertThat(account(3).has(AccountFlags.CLOSED)).isFalse();
    assertThat(submit(t(43, 1, 3, 5))).containsExactly(OK);
  }

  @Test
  void nearMaximumAmounts_overflowInsteadOfWrapping() {
    assertThat(submit(t(50, 1, 3, Long.MAX_VALUE))).containsExactly(OK);
    assertThat(submit(t(51, 1, 3, 1))).containsExactly(OVERFLOWS_DEBITS_POSTED);
    assertThat(account(1).debitsPosted()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void crossLedgerPair_isRejected() {
    assertThat(submit(t(60, 1, 9, 1))).containsExactly(ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER);
  }

  @Test
  void accountTransfers_pageThroughATimeRange() {
    List<Transfer.Builder> batch = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      batch.add(t(100 + i, 1, 3, 1));
    }
    submit(batch.toArray(Transfer.Builder[]::new));
    submit(t(200, 1, 2, 1));
    List<Long> ids = new ArrayList<>();
    long from = 0;
    while (true) {
      List<Transfer> page = ledger.accountTransfers(Uint128.of(3), from, Long.MAX_VALUE, 10, false);
      if (page.isEmpty()) {
        break;
      }
      page.forEach(x -> ids.add(x.id().lo()));
      from = page.get(page.size() - 1).timestamp() + 1;
    }
    assertThat(ids).hasSize(25).isSorted().startsWith(100L).endsWith(124L);
    List<Transfer> newest = ledger.accountTransfers(Uint128.of(3), 0, Long.MAX_VALUE, 3, true);
    assertThat(newest).extracting(x -> x.id().lo()).containsExactly(124L, 123L, 122L);
  }

  @Test
  void balanceAt_readsThePast() {
    submit(t(10, 1, 3, 5));
    long first = ledger.lookupTransfer(Uint128.of(10)).orElseThrow().timestamp();
    clock.advance(1_000);
    submit(t(11, 1, 3, 7));
    assertThat(ledger.balanceAt(Uint128.of(3), first).orElseThrow().creditsPosted()).isEqualTo(5);
    assertThat(ledger.balanceAt(Uint128.of(3), first - 1).orElseThrow().creditsPosted()).isZero();
    assertThat(ledger.balanceAt(Uint128.of(3), Long.MAX_VALUE).orElseThrow().creditsPosted())
        .isEqualTo(12);
    assertThatThrownBy(() -> ledger.balanceAt(Uint128.of(1), first))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HISTORY");
  }

  @Test
  void batchOverTheLimit_isRejected_andChangesNothing() {
    long hash = ledger.stateHash();
    List<Transfer> tooMany =
        Collections.nCopies(TransferBatch.MAX_EVENTS + 1, t(70, 1, 3, 1).build());
    assertThatThrownBy(() -> ledger.createTransfers(tooMany))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("transfers must hold at most 8190 events, got 8191");
    assertThat(ledger.stateHash()).isEqualTo(hash);
  }

  @Test
  void nullElement_isRejected_andChangesNothing() {
    long hash = ledger.stateHash();
    List<Transfer> withNull = new ArrayList<>();
    withNull.add(t(70, 1, 3, 1).build());
    withNull.add(null);
    assertThatThrownBy(() -> ledger.createTransfers(withNull))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("transfers[1]");
    assertThatThrownBy(() -> ledger.createAccounts(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("accounts");
    assertThat(ledger.stateHash()).isEqualTo(hash);
  }

  @Test
  void closedLedger_rejectsWrites() {
    ledger.close();
    assertThatThrownBy(() -> submit(t(70, 1, 3, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ledger is closed");
  }

  @Test
  void negativeAmount_isMisuse() {
    assertThatThrownBy(() -> t(70, 1, 3, -5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amount must be >= 0, got -5");
  }
}
