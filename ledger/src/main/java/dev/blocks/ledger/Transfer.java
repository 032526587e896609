package dev.blocks.ledger;

import java.util.Objects;

/**
 * A transfer: an immutable record that moves {@code amount} minor units from a debit account to a
 * credit account of the same ledger.
 *
 * <p>Mirrors TigerBeetle's {@code Transfer} (<a
 * href="https://docs.tigerbeetle.com/reference/transfer">docs.tigerbeetle.com/reference/transfer</a>).
 * A transfer is single-phase, or the first phase of a two-phase transfer ({@link
 * TransferFlags#PENDING}: the amount is reserved as pending and later posted in full or in part,
 * voided, or expires after {@code timeout} seconds), or the second phase ({@link
 * TransferFlags#POST_PENDING_TRANSFER} / {@link TransferFlags#VOID_PENDING_TRANSFER} with {@code
 * pendingId}; then accounts, ledger and code may be zero, meaning "the pending transfer's"). For a
 * post, {@link #AMOUNT_MAX} means the full pending amount; for a void, zero does. With {@link
 * TransferFlags#BALANCING_DEBIT} / {@link TransferFlags#BALANCING_CREDIT} the amount is an upper
 * bound and the ledger stores what it moved.
 *
 * <p>Immutable.
 *
 * @param id unique across transfers, not zero, not {@code 2^128 - 1}
 * @param debitAccountId the account debited
 * @param creditAccountId the account credited
 * @param amount minor units, {@code >= 0}
 * @param pendingId for post/void: the pending transfer; otherwise zero
 * @param userData128 opaque user data, for example an order id
 * @param userData64 opaque user data
 * @param userData32 opaque user data
 * @param timeout for pending transfers: seconds until it expires, zero for never
 * @param ledger the ledger, same as both accounts'
 * @param code a user-defined reason, not zero
 * @param flags {@link TransferFlags} bits
 * @param timestamp set by the ledger (nanoseconds, unique); zero in requests
 * @since 0.1
 */
public record Transfer(
    Uint128 id,
    Uint128 debitAccountId,
    Uint128 creditAccountId,
    long amount,
    Uint128 pendingId,
    Uint128 userData128,
    long userData64,
    int userData32,
    int timeout,
    int ledger,
    int code,
    int flags,
    long timestamp) {

  /** For a post: "the full pending amount" (TigerBeetle's {@code AMOUNT_MAX}). */
  public static final long AMOUNT_MAX = Long.MAX_VALUE;

  /**
   * Validates the representation (results for domain rules come from {@link
   * Ledger#createTransfers}).
   *
   * @throws NullPointerException if an id or {@code userData128} is null
   * @throws IllegalArgumentException if {@code amount}, {@code timeout} or {@code timestamp} is
   *     negative
   */
  public Transfer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(debitAccountId, "debitAccountId");
    Objects.requireNonNull(creditAccountId, "creditAccountId");
    Objects.requireNonNull(pendingId, "pendingId");
    Objects.requireNonNull(userData128, "userData128");
    Account.nonNegative("amount", amount);
    Account.nonNegative("timeout", timeout);
    Account.nonNegative("timestamp", timestamp);
  }

  /** A builder; unset fields are zero. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this transfer's fields. */
  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .debitAccountId(debitAccountId)
        .creditAccountId(creditAccountId)
        .amount(amount)
        .pendingId(pendingId)
        .userData128(userData128)
        .userData64(userData64)
        .userData32(userData32)
        .timeout(timeout)
        .ledger(ledger)
        .code(code)
        .flags(flags)
        .timestamp(timestamp);
  }

  /** Whether all of {@code flag}'s bits are set. */
  public boolean has(int flag) {
    return (flags & flag) == flag;
  }

  /**
   * Builds a {@link Transfer}; every field starts at zero.
   *
   * <p>Not thread-safe.
   *
   * @since 0.1
   */
  public static final class Builder {
    private Uint128 id = Uint128.ZERO;
    private Uint128 debit = Uint128.ZERO;
    private Uint128 credit = Uint128.ZERO;
    private long amount;
    private Uint128 pendingId = Uint128.ZERO;
    private Uint128 userData128 = Uint128.ZERO;
    private long userData64;
    private int userData32;
    private int timeout;
    private int ledger;
    private int code;
    private int flags;
    private long timestamp;

    private Builder() {}

    /** Sets the id. */
    public Builder id(Uint128 v) {
      id = v;
      return this;
    }

    /** Sets the id to a small number. */
    public Builder id(long v) {
      return id(Uint128.of(v));
    }

    /** Sets the debit account. */
    public Builder debitAccountId(Uint128 v) {
      debit = v;
      return this;
    }

    /** Sets the debit account to a small number. */
    public Builder debitAccountId(long v) {
      return debitAccountId(Uint128.of(v));
    }

    /** Sets the credit account. */
    public Builder creditAccountId(Uint128 v) {
      credit = v;
      return this;
    }

    /** Sets the credit account to a small number. */
    public Builder creditAccountId(long v) {
      return creditAccountId(Uint128.of(v));
    }

    /** Sets the amount in minor units. */
    public Builder amount(long v) {
      amount = v;
      return this;
    }

    /** Sets the pending transfer a post/void refers to. */
    public Builder pendingId(Uint128 v) {
      pendingId = v;
      return this;
    }

    /** Sets the pending transfer a post/void refers to, by a small number. */
    public Builder pendingId(long v) {
      return pendingId(Uint128.of(v));
    }

    /** Sets {@code userData128}. */
    public Builder userData128(Uint128 v) {
      userData128 = v;
      return this;
    }

    /** Sets {@code userData64}. */
    public Builder userData64(long v) {
      userData64 = v;
      return this;
    }

    /** Sets {@code userData32}. */
    public Builder userData32(int v) {
      userData32 = v;
      return this;
    }

    /** Sets the timeout in seconds (pending transfers). */
    public Builder timeout(int v) {
      timeout = v;
      return this;
    }

    /** Sets the ledger. */
    public Builder ledger(int v) {
      ledger = v;
      return this;
    }

    /** Sets the code. */
    public Builder code(int v) {
      code = v;
      return this;
    }

    /** Sets the flags ({@link TransferFlags} bits). */
    public Builder flags(int v) {
      flags = v;
      return this;
    }

    /** Sets the timestamp (only the ledger sets it; requests carry zero). */
    public Builder timestamp(long v) {
      timestamp = v;
      return this;
    }

    /**
     * Builds the transfer.
     *
     * @throws NullPointerException if an id was set to null
     * @throws IllegalArgumentException if amount, timeout or timestamp is negative
     */
    public Transfer build() {
      return new Transfer(
          id,
          debit,
          credit,
          amount,
          pendingId,
          userData128,
          userData64,
          userData32,
          timeout,
          ledger,
          code,
          flags,
          timestamp);
    }
  }
}
