package dev.blocks.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerSnippets {

  @Test
  void watch() {
    // @start region=watch
    Ledger ledger = Ledger.inMemory();
    int usd = 840; // one ledger per currency; ISO 4217 numeric code for USD
    ledger.createAccounts(
        List.of(
            Account.of(1, usd, 10, AccountFlags.NONE), // buyer's card funding account
            Account.of(2, usd, 20, AccountFlags.NONE))); // the watch seller
    List<CreateTransferResult> results =
        ledger.createTransfers(
            List.of(
                Transfer.builder()
                    .id(1001) // the payment's idempotency key
                    .debitAccountId(1)
                    .creditAccountId(2)
                    .amount(200_00) // $200.00 in cents
                    .ledger(usd)
                    .code(1)
                    .build()));
    // results: [OK]; a retry with the same id and fields answers [EXISTS]
    // @end
    assertThat(results).containsExactly(CreateTransferResult.OK);
    assertThat(ledger.lookupAccount(Uint128.of(2)).orElseThrow().creditsPosted()).isEqualTo(200_00);
  }

  @Test
  void twoPhase() {
    Ledger ledger = Ledger.inMemory();
    ledger.createAccounts(List.of(Account.of(1, 840, 1, 0), Account.of(2, 840, 1, 0)));
    // @start region=twoPhase
    // Hold $50.00, then capture $42.10 of it: the rest is released.
    ledger.createTransfers(
        List.of(
            Transfer.builder()
                .id(7)
                .debitAccountId(1)
                .creditAccountId(2)
                .amount(50_00)
                .ledger(840)
                .code(1)
                .flags(TransferFlags.PENDING)
                .timeout(3600)
                .build()));
    ledger.createTransfers(
        List.of(
            Transfer.builder()
                .id(8)
                .pendingId(7)
                .amount(42_10)
                .flags(TransferFlags.POST_PENDING_TRANSFER)
                .build()));
    // @end
    Account buyer = ledger.lookupAccount(Uint128.of(1)).orElseThrow();
    assertThat(buyer.debitsPosted()).isEqualTo(42_10);
    assertThat(buyer.debitsPending()).isZero();
  }

  @Test
  void chain() {
    Ledger ledger = Ledger.inMemory();
    ledger.createAccounts(
        List.of(
            Account.of(1, 840, 1, AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS),
            Account.of(2, 840, 1, 0),
            Account.of(3, 840, 1, 0)));
    // @start region=chain
    // Pay the seller and the platform fee together, or not at all.
    List<CreateTransferResult> r =
        ledger.createTransfers(
            List.of(
                Transfer.builder()
                    .id(11)
                    .debitAccountId(1)
                    .creditAccountId(2)
                    .amount(190_00)
                    .ledger(840)
                    .code(1)
                    .flags(TransferFlags.LINKED)
                    .build(),
                Transfer.builder()
                    .id(12)
                    .debitAccountId(1)
                    .creditAccountId(3)
                    .amount(10_00)
                    .ledger(840)
                    .code(2)
                    .build()));
    // account 1 has no credits, so r = [EXCEEDS_CREDITS, LINKED_EVENT_FAILED]: nothing applied.
    // @end
    assertThat(r)
        .containsExactly(
            CreateTransferResult.EXCEEDS_CREDITS, CreateTransferResult.LINKED_EVENT_FAILED);
    assertThat(ledger.transferCount()).isZero();
  }
}
