package dev.blocks.ledger;

/**
 * Bits of {@link Account#flags()}, numbered as TigerBeetle numbers them.
 *
 * <p>See <a href="https://docs.tigerbeetle.com/reference/account#flags">TigerBeetle: Account
 * flags</a>. TigerBeetle's {@code imported} bit (16) is not supported here: setting it, or any
 * other bit not listed, gives {@link CreateAccountResult#RESERVED_FLAG}.
 *
 * <p>Immutable (constants only).
 *
 * @since 0.1
 */
public final class AccountFlags {

  private AccountFlags() {}

  /** No flags. */
  public static final int NONE = 0;

  /** This event and the next one form a chain that is created all or nothing. */
  public static final int LINKED = 1;

  /** {@code debits_pending + debits_posted} may never exceed {@code credits_posted}. */
  public static final int DEBITS_MUST_NOT_EXCEED_CREDITS = 1 << 1;

  /** {@code credits_pending + credits_posted} may never exceed {@code debits_posted}. */
  public static final int CREDITS_MUST_NOT_EXCEED_DEBITS = 1 << 2;

  /** Keep the balances after every change, so they can be read as of a past timestamp. */
  public static final int HISTORY = 1 << 3;

  /** The account is closed: no transfer may touch it except voiding a pending transfer. */
  public static final int CLOSED = 1 << 5;

  /** Every bit this implementation knows. */
  public static final int KNOWN =
      LINKED | DEBITS_MUST_NOT_EXCEED_CREDITS | CREDITS_MUST_NOT_EXCEED_DEBITS | HISTORY | CLOSED;
}
