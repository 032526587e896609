package dev.blocks.ledger;

import java.util.Objects;

/**
 * An account: where debits and credits of one ledger (currency or asset) accumulate.
 *
 * <p>Mirrors TigerBeetle's {@code Account} (<a
 * href="https://docs.tigerbeetle.com/reference/account">docs.tigerbeetle.com/reference/account</a>):
 * a 128-bit id, the ledger and a user-defined code, {@link AccountFlags flags}, three user data
 * fields, and four balances that only the ledger changes. A request to create an account carries
 * zero balances and timestamp; an account read back carries the current balances and the timestamp
 * of its creation (nanoseconds, unique across accounts and transfers). The net balance is {@code
 * creditsPosted - debitsPosted} (or the reverse) depending on the kind of account; the ledger keeps
 * both sides. Accounts are never deleted.
 *
 * <p>Immutable.
 *
 * @param id unique, not zero, not {@code 2^128 - 1}
 * @param debitsPending debits reserved by pending transfers
 * @param debitsPosted posted debits
 * @param creditsPending credits reserved by pending transfers
 * @param creditsPosted posted credits
 * @param userData128 opaque user data, for example a foreign key
 * @param userData64 opaque user data
 * @param userData32 opaque user data
 * @param ledger the ledger (one per currency or asset), not zero
 * @param code a user-defined account type, not zero
 * @param flags {@link AccountFlags} bits
 * @param timestamp set by the ledger; zero in requests
 * @since 0.1
 */
public record Account(
    Uint128 id,
    long debitsPending,
    long debitsPosted,
    long creditsPending,
    long creditsPosted,
    Uint128 userData128,
    long userData64,
    int userData32,
    int ledger,
    int code,
    int flags,
    long timestamp) {

  /**
   * Validates the representation (results for domain rules come from {@link
   * Ledger#createAccounts}).
   *
   * @throws NullPointerException if {@code id} or {@code userData128} is null
   * @throws IllegalArgumentException if a balance or the timestamp is negative
   */
  public Account {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userData128, "userData128");
    nonNegative("debitsPending", debitsPending);
    nonNegative("debitsPosted", debitsPosted);
    nonNegative("creditsPending", creditsPending);
    nonNegative("creditsPosted", creditsPosted);
    nonNegative("timestamp", timestamp);
  }

  static void nonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
  }

  /** A request to create an account with no user data. */
  public static Account of(Uint128 id, int ledger, int code, int flags) {
    return new Account(id, 0, 0, 0, 0, Uint128.ZERO, 0, 0, ledger, code, flags, 0);
  }

  /** A request to create an account with a small id and no user data. */
  public static Account of(long id, int ledger, int code, int flags) {
    return of(Uint128.of(id), ledger, code, flags);
  }

  /** A copy with the given user data. */
  public Account withUserData(Uint128 userData128, long userData64, int userData32) {
    return new Account(
        id,
        debitsPending,
        debitsPosted,
        creditsPending,
        creditsPosted,
        userData128,
        userData64,
        userData32,
        ledger,
        code,
        flags,
        timestamp);
  }

  /** Whether all of {@code flag}'s bits are set. */
  public boolean has(int flag) {
    return (flags & flag) == flag;
  }
}
