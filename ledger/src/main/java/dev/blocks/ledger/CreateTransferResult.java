package dev.blocks.ledger;

/**
 * The result of creating one transfer, declared in TigerBeetle's documented order of precedence:
 * when several apply, the one declared first is returned.
 *
 * <p>The names and their order follow TigerBeetle's {@code create_transfers} reference (<a
 * href="https://docs.tigerbeetle.com/reference/requests/create_transfers#result">docs.tigerbeetle.com/reference/requests/create_transfers</a>,
 * "Results are listed in this section in order of descending precedence"), as of TigerBeetle 0.16
 * (the release that added {@code id_already_failed}, {@code closing_*} and retired {@code
 * amount_must_not_be_zero}). The order is pinned, with its source, in the test resource {@code
 * dev/blocks/ledger/create_transfers_precedence.txt}. Results for TigerBeetle features this ledger
 * does not model ({@code imported} events, user-set timestamps) are left out; everything else is
 * kept.
 *
 * <p>Two deliberate differences of range: amounts and balances are {@code long} minor units, so the
 * {@code overflows_*} results fire where a balance would pass {@link Long#MAX_VALUE} (where
 * TigerBeetle's 128-bit balances would pass {@code 2^128 - 1}); and posting the full pending amount
 * is asked with {@link Transfer#AMOUNT_MAX}.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public enum CreateTransferResult {
  /** Created; did not exist before. */
  OK,
  /** Not created: another event of its linked chain failed. */
  LINKED_EVENT_FAILED,
  /** Not created: the last event of the batch has {@code linked} set, so its chain is open. */
  LINKED_EVENT_CHAIN_OPEN,
  /** Not created: the timestamp is set by the ledger; requests must carry zero. */
  TIMESTAMP_MUST_BE_ZERO,
  /** Not created: a flag bit this ledger does not define is set. */
  RESERVED_FLAG,
  /** Not created: id zero is reserved. */
  ID_MUST_NOT_BE_ZERO,
  /** Not created: id {@code 2^128 - 1} is reserved. */
  ID_MUST_NOT_BE_INT_MAX,
  /** A transfer with this id exists with different flags. */
  EXISTS_WITH_DIFFERENT_FLAGS,
  /** A transfer with this id exists with a different pending id. */
  EXISTS_WITH_DIFFERENT_PENDING_ID,
  /** A transfer with this id exists with a different timeout. */
  EXISTS_WITH_DIFFERENT_TIMEOUT,
  /** A transfer with this id exists with a different debit account. */
  EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID,
  /** A transfer with this id exists with a different credit account. */
  EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID,
  /** A transfer with this id exists with a different amount. */
  EXISTS_WITH_DIFFERENT_AMOUNT,
  /** A transfer with this id exists with a different {@code userData128}. */
  EXISTS_WITH_DIFFERENT_USER_DATA_128,
  /** A transfer with this id exists with a different {@code userData64}. */
  EXISTS_WITH_DIFFERENT_USER_DATA_64,
  /** A transfer with this id exists with a different {@code userData32}. */
  EXISTS_WITH_DIFFERENT_USER_DATA_32,
  /** A transfer with this id exists with a different ledger. */
  EXISTS_WITH_DIFFERENT_LEDGER,
  /** A transfer with this id exists with a different code. */
  EXISTS_WITH_DIFFERENT_CODE,
  /** An identical transfer exists: a retry; handle it as {@link #OK}. */
  EXISTS,
  /** Not created: an earlier transfer with this id failed for a transient reason. */
  ID_ALREADY_FAILED,
  /** Not created: the flags combine post/void with pending, balancing or closing, or each other. */
  FLAGS_ARE_MUTUALLY_EXCLUSIVE,
  /** Not created: debit account id zero. */
  DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO,
  /** Not created: debit account id {@code 2^128 - 1}. */
  DEBIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX,
  /** Not created: credit account id zero. */
  CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO,
  /** Not created: credit account id {@code 2^128 - 1}. */
  CREDIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX,
  /** Not created: an account cannot pay itself. */
  ACCOUNTS_MUST_BE_DIFFERENT,
  /** Not created: only post/void transfers name a pending transfer. */
  PENDING_ID_MUST_BE_ZERO,
  /** Not created: a post/void transfer must name a pending transfer. */
  PENDING_ID_MUST_NOT_BE_ZERO,
  /** Not created: pending id {@code 2^128 - 1}. */
  PENDING_ID_MUST_NOT_BE_INT_MAX,
  /** Not created: a post/void transfer cannot name itself. */
  PENDING_ID_MUST_BE_DIFFERENT,
  /** Not created: only pending transfers have a timeout. */
  TIMEOUT_RESERVED_FOR_PENDING_TRANSFER,
  /** Not created: a closing transfer must be pending. */
  CLOSING_TRANSFER_MUST_BE_PENDING,
  /** Not created: ledger zero. */
  LEDGER_MUST_NOT_BE_ZERO,
  /** Not created: code zero. */
  CODE_MUST_NOT_BE_ZERO,
  /** Not created: no such debit account. Transient. */
  DEBIT_ACCOUNT_NOT_FOUND,
  /** Not created: no such credit account. Transient. */
  CREDIT_ACCOUNT_NOT_FOUND,
  /** Not created: the two accounts are on different ledgers. */
  ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER,
  /** Not created: the transfer's ledger differs from its accounts'. */
  TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS,
  /** Not created: no such pending transfer. Transient. */
  PENDING_TRANSFER_NOT_FOUND,
  /** Not created: the named transfer is not pending. */
  PENDING_TRANSFER_NOT_PENDING,
  /** Not created: the debit account differs from the pending transfer's (zero means same). */
  PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID,
  /** Not created: the credit account differs from the pending transfer's (zero means same). */
  PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID,
  /** Not created: the ledger differs from the pending transfer's (zero means same). */
  PENDING_TRANSFER_HAS_DIFFERENT_LEDGER,
  /** Not created: the code differs from the pending transfer's (zero means same). */
  PENDING_TRANSFER_HAS_DIFFERENT_CODE,
  /** Not created: posting more than the pending amount. */
  EXCEEDS_PENDING_TRANSFER_AMOUNT,
  /** Not created: a void must name zero or exactly the pending amount. */
  PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT,
  /** Not created: the pending transfer was already posted. */
  PENDING_TRANSFER_ALREADY_POSTED,
  /** Not created: the pending transfer was already voided. */
  PENDING_TRANSFER_ALREADY_VOIDED,
  /** Not created: the pending transfer's timeout has passed. */
  PENDING_TRANSFER_EXPIRED,
  /** Not created: the debit account is closed. Transient. */
  DEBIT_ACCOUNT_ALREADY_CLOSED,
  /** Not created: the credit account is closed. Transient. */
  CREDIT_ACCOUNT_ALREADY_CLOSED,
  /** Not created: the debit account's pending debits would pass {@link Long#MAX_VALUE}. */
  OVERFLOWS_DEBITS_PENDING,
  /** Not created: the credit account's pending credits would pass {@link Long#MAX_VALUE}. */
  OVERFLOWS_CREDITS_PENDING,
  /** Not created: the debit account's posted debits would pass {@link Long#MAX_VALUE}. */
  OVERFLOWS_DEBITS_POSTED,
  /** Not created: the credit account's posted credits would pass {@link Long#MAX_VALUE}. */
  OVERFLOWS_CREDITS_POSTED,
  /** Not created: the debit account's pending + posted debits would pass the maximum. */
  OVERFLOWS_DEBITS,
  /** Not created: the credit account's pending + posted credits would pass the maximum. */
  OVERFLOWS_CREDITS,
  /** Not created: {@code timestamp + timeout * 10^9} would pass {@link Long#MAX_VALUE}. */
  OVERFLOWS_TIMEOUT,
  /** Not created: the debit account's debits would exceed its credits. Transient. */
  EXCEEDS_CREDITS,
  /** Not created: the credit account's credits would exceed its debits. Transient. */
  EXCEEDS_DEBITS;

  /** Whether the transfer is in the ledger after this result: {@link #OK} or {@link #EXISTS}. */
  public boolean isSuccess() {
    return this == OK || this == EXISTS;
  }

  /**
   * Whether this failure depends on the ledger's state, so that the same request could succeed
   * later. Such a failure burns the id: every later request with it gets {@link
   * #ID_ALREADY_FAILED}, so a retry can never flip an outcome the caller has already seen.
   * TigerBeetle's transient set: account or pending transfer not found, account closed, exceeds
   * credits or debits.
   */
  public boolean isTransient() {
    switch (this) {
      case DEBIT_ACCOUNT_NOT_FOUND:
      case CREDIT_ACCOUNT_NOT_FOUND:
      case PENDING_TRANSFER_NOT_FOUND:
      case EXCEEDS_CREDITS:
      case EXCEEDS_DEBITS:
      case DEBIT_ACCOUNT_ALREADY_CLOSED:
      case CREDIT_ACCOUNT_ALREADY_CLOSED:
        return true;
      default:
        return false;
    }
  }
}
