package dev.blocks.examples;

import dev.blocks.ledger.Account;
import dev.blocks.ledger.AccountFlags;
import dev.blocks.ledger.Asset;
import dev.blocks.ledger.CreateTransferResult;
import dev.blocks.ledger.Ledger;
import dev.blocks.ledger.Money;
import dev.blocks.ledger.Transfer;
import dev.blocks.ledger.TransferFlags;
import dev.blocks.ledger.Uint128;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Tour section for blocks-ledger: double entry with TigerBeetle's semantics, and its journal. */
final class LedgerTour implements TourSection {

  private static final long BUYER = 1;
  private static final long SELLER = 2;
  private static final long PLATFORM = 3;

  @Override
  public String title() {
    return "ledger";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    Asset usd = Asset.iso("USD");
    int ledgerId = usd.numericCode();
    Path dir = Files.createTempDirectory("blocks-ledger-tour");
    try {
      try (Ledger ledger = Ledger.open(dir)) {
        ledger.createAccounts(
            List.of(
                Account.of(BUYER, ledgerId, 1, AccountFlags.NONE),
                Account.of(SELLER, ledgerId, 2, AccountFlags.NONE),
                Account.of(PLATFORM, ledgerId, 3, AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS)));

        // 1. The seed's $200 watch purchase: one transfer, debit buyer, credit seller.
        Money price = Money.parse("200.00", usd);
        Transfer watch =
            Transfer.builder()
                .id(1001)
                .debitAccountId(BUYER)
                .creditAccountId(SELLER)
                .amount(price.minor())
                .ledger(ledgerId)
                .code(1)
                .build();
        out.printf("Watch purchase %s: %s%n", price, ledger.createTransfers(List.of(watch)));
        out.printf(
            "Retried with the same id: %s (no double charge)%n",
            ledger.createTransfers(List.of(watch)));
        out.printf(
            "Buyer debits %s, seller credits %s%n",
            Money.ofMinor(posted(ledger, BUYER, true), usd),
            Money.ofMinor(posted(ledger, SELLER, false), usd));

        // 2. A two-phase hold, posted partially.
        List<CreateTransferResult> hold =
            ledger.createTransfers(
                List.of(
                    Transfer.builder()
                        .id(2001)
                        .debitAccountId(BUYER)
                        .creditAccountId(SELLER)
                        .amount(Money.parse("50.00", usd).minor())
                        .ledger(ledgerId)
                        .code(2)
                        .flags(TransferFlags.PENDING)
                        .timeout(3600)
                        .build()));
        List<CreateTransferResult> capture =
            ledger.createTransfers(
                List.of(
                    Transfer.builder()
                        .id(2002)
                        .pendingId(2001)
                        .amount(Money.parse("42.10", usd).minor())
                        .flags(TransferFlags.POST_PENDING_TRANSFER)
                        .build()));
        Account buyer = ledger.lookupAccount(Uint128.of(BUYER)).orElseThrow();
        out.printf(
            "Hold USD 50.00 %s, capture USD 42.10 %s: buyer pending %s, posted %s%n",
            hold,
            capture,
            Money.ofMinor(buyer.debitsPending(), usd),
            Money.ofMinor(buyer.debitsPosted(), usd));

        // 3. A linked chain that fails atomically: the platform pays a refund and a fee it
        // cannot cover, so neither happens.
        List<Money> refundAndFee = Money.parse("10.00", usd).split(9, 1);
        List<CreateTransferResult> chain =
            ledger.createTransfers(
                List.of(
                    Transfer.builder()
                        .id(3001)
                        .debitAccountId(PLATFORM)
                        .creditAccountId(BUYER)
                        .amount(refundAndFee.get(0).minor())
                        .ledger(ledgerId)
                        .code(3)
                        .flags(TransferFlags.LINKED)
                        .build(),
                    Transfer.builder()
                        .id(3002)
                        .debitAccountId(PLATFORM)
                        .creditAccountId(SELLER)
                        .amount(refundAndFee.get(1).minor())
                        .ledger(ledgerId)
                        .code(3)
                        .build()));
        out.printf(
            "Linked refund %s + fee %s from an empty platform account: %s; transfers stored: %d%n",
            refundAndFee.get(0), refundAndFee.get(1), chain, ledger.transferCount());
        out.printf("State hash before restart: %016x%n", ledger.stateHash());
      }

      // 4. The journal survives a restart.
      try (Ledger reopened = Ledger.open(dir)) {
        out.printf(
            "Reopened from the journal: %d operations replayed, %d transfers, state hash %016x%n",
            reopened.journaledOperations(), reopened.transferCount(), reopened.stateHash());
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static long posted(Ledger ledger, long id, boolean debits) {
    Account a = ledger.lookupAccount(Uint128.of(id)).orElseThrow();
    return debits ? a.debitsPosted() : a.creditsPosted();
  }
}
