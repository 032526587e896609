package dev.blocks.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The result enums follow TigerBeetle's documented precedence, pinned in test resources. */
class PrecedenceTest {

  static List<String> pinned(String resource) throws IOException {
    try (InputStream in = PrecedenceTest.class.getResourceAsStream(resource)) {
      List<String> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#") && !l.startsWith("-")) {
          out.add(l.toUpperCase(Locale.ROOT));
        }
      }
      return out;
    }
  }

  @Test
  void transferResults_areDeclaredInTigerBeetlesPrecedenceOrder() throws IOException {
    assertThat(Arrays.stream(CreateTransferResult.values()).map(Enum::name))
        .containsExactlyElementsOf(pinned("create_transfers_precedence.txt"));
  }

  @Test
  void accountResults_areDeclaredInTigerBeetlesPrecedenceOrder() throws IOException {
    assertThat(Arrays.stream(CreateAccountResult.values()).map(Enum::name))
        .containsExactlyElementsOf(pinned("create_accounts_precedence.txt"));
  }

  /** One defect: how to inject it into a valid transfer, the code it alone gives, its group. */
  record Defect(String group, CreateTransferResult code, UnaryOperator<Transfer.Builder> inject) {}

  static final List<Defect> DEFECTS =
      List.of(
          new Defect("timestamp", CreateTransferResult.TIMESTAMP_MUST_BE_ZERO, b -> b.timestamp(5)),
          new Defect("reserved", CreateTransferResult.RESERVED_FLAG, b -> b.flags(1 << 9)),
          new Defect("id", CreateTransferResult.ID_MUST_NOT_BE_ZERO, b -> b.id(0)),
          new Defect("id", CreateTransferResult.ID_MUST_NOT_BE_INT_MAX, b -> b.id(Uint128.MAX)),
          new Defect(
              "debit",
              CreateTransferResult.DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO,
              b -> b.debitAccountId(0)),
          new Defect(
              "debit", CreateTransferResult.DEBIT_ACCOUNT_NOT_FOUND, b -> b.debitAccountId(77)),
          new Defect(
              "debit", CreateTransferResult.DEBIT_ACCOUNT_ALREADY_CLOSED, b -> b.debitAccountId(3)),
          new Defect(
              "credit",
              CreateTransferResult.CREDIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX,
              b -> b.creditAccountId(Uint128.MAX)),
          new Defect(
              "credit",
              CreateTransferResult.ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER,
              b -> b.creditAccountId(9)),
          new Defect("pending", CreateTransferResult.PENDING_ID_MUST_BE_ZERO, b -> b.pendingId(12)),
          new Defect(
              "timeout",
              CreateTransferResult.TIMEOUT_RESERVED_FOR_PENDING_TRANSFER,
              b -> b.timeout(5)),
          new Defect("ledger", CreateTransferResult.LEDGER_MUST_NOT_BE_ZERO, b -> b.ledger(0)),
          new Defect("code", CreateTransferResult.CODE_MUST_NOT_BE_ZERO, b -> b.code(0)),
          new Defect("amount", CreateTransferResult.EXCEEDS_CREDITS, b -> b.amount(1_000)));

  static Ledger fixture() {
    Ledger ledger = Ledger.builder().clock(new FakeClock(1_000_000_000L)).inMemory();
    ledger.createAccounts(
        List.of(
            Account.of(1, 1, 1, AccountFlags.NONE),
            Account.of(2, 1, 1, AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS),
            Account.of(3, 1, 1, AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS | AccountFlags.CLOSED),
            Account.of(4, 1, 1, AccountFlags.NONE),
            Account.of(9, 2, 1, AccountFlags.NONE)));
    ledger.createTransfers(
        List.of(
            Transfer.builder()
                .id(1)
                .debitAccountId(1)
                .creditAccountId(2)
                .amount(100)
                .ledger(1)
                .code(1)
                .build()));
    return ledger;
  }

  static Transfer.Builder valid() {
    return Transfer.builder()
        .id(50)
        .debitAccountId(2)
        .creditAccountId(4)
        .amount(10)
        .ledger(1)
        .code(1);
  }

  @Test
  void everyDefectAlone_givesItsCode() {
    for (Defect d : DEFECTS) {
      Ledger ledger = fixture();
      assertThat(ledger.createTransfers(List.of(d.inject().apply(valid()).build())))
          .as(d.code().name())
          .containsExactly(d.code());
    }
    assertThat(fixture().createTransfers(List.of(valid().build())))
        .containsExactly(CreateTransferResult.OK);
  }

  @Test
  void twoOrThreeDefects_giveTheFirstInPrecedenceOrder() {
    qt().withExamples(400)
        .forAll(lists().of(integers().between(0, DEFECTS.size() - 1)).ofSizeBetween(2, 3))
        .checkAssert(
            picks -> {
              List<Defect> chosen = new ArrayList<>();
              for (int p : picks) {
                Defect d = DEFECTS.get(p);
                if (chosen.stream().noneMatch(c -> c.group().equals(d.group()))) {
                  chosen.add(d);
                }
              }
              Transfer.Builder b = valid();
              for (Defect d : chosen) {
                b = d.inject().apply(b);
              }
              CreateTransferResult expected =
                  chosen.stream().map(Defect::code).min(Comparator.naturalOrder()).orElseThrow();
              assertThat(fixture().createTransfers(List.of(b.build())))
                  .as("defects %s", chosen.stream().map(Defect::code).toList())
                  .containsExactly(expected);
            });
  }
}
