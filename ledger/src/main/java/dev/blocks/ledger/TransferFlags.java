package dev.blocks.ledger;

/**
 * Bits of {@link Transfer#flags()}, numbered as TigerBeetle numbers them.
 *
 * <p>See <a href="https://docs.tigerbeetle.com/reference/transfer#flags">TigerBeetle: Transfer
 * flags</a>. TigerBeetle's {@code imported} bit (256) is not supported here: setting it, or any
 * other bit not listed, gives {@link CreateTransferResult#RESERVED_FLAG}.
 *
 * <p>Immutable (constants only).
 *
 * @since 0.1
 */
public final class TransferFlags {

  private TransferFlags() {}

  /** No flags: a single-phase transfer. */
  public static final int NONE = 0;

  /**
   * This event and the next form a chain: all succeed or none does; the effects of earlier events
   * are visible to later ones.
   */
  public static final int LINKED = 1;

  /** The first phase of a two-phase transfer: the amount is reserved as pending. */
  public static final int PENDING = 1 << 1;

  /** Post (all or part of) the pending transfer named by {@link Transfer#pendingId()}. */
  public static final int POST_PENDING_TRANSFER = 1 << 2;

  /** Void the pending transfer named by {@link Transfer#pendingId()}. */
  public static final int VOID_PENDING_TRANSFER = 1 << 3;

  /** Transfer at most the debit account's headroom: {@code min(amount, credits - debits)}. */
  public static final int BALANCING_DEBIT = 1 << 4;

  /** Transfer at most the credit account's headroom: {@code min(amount, debits - credits)}. */
  public static final int BALANCING_CREDIT = 1 << 5;

  /** Close the debit account (pending transfers only; voiding or expiry reopens it). */
  public static final int CLOSING_DEBIT = 1 << 6;

  /** Close the credit account (pending transfers only; voiding or expiry reopens it). */
  public static final int CLOSING_CREDIT = 1 << 7;

  /** Every bit this implementation knows. */
  public static final int KNOWN = 0xFF;
}
