package dev.blocks.ledger;

/**
 * The result of creating one account, declared in TigerBeetle's documented order of precedence:
 * when several apply, the one declared first is returned.
 *
 * <p>Names and order follow TigerBeetle's {@code create_accounts} reference (<a
 * href="https://docs.tigerbeetle.com/reference/requests/create_accounts#result">docs.tigerbeetle.com/reference/requests/create_accounts</a>),
 * TigerBeetle 0.16, without the results of features not modelled here ({@code imported}, {@code
 * reserved} field). The order is pinned, with its source, in the test resource {@code
 * dev/blocks/ledger/create_accounts_precedence.txt}.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public enum CreateAccountResult {
  /** Created; did not exist before. */
  OK,
  /** Not created: another event of its linked chain failed. */
  LINKED_EVENT_FAILED,
  /** Not created: the last event of the batch has {@code linked} set. */
  LINKED_EVENT_CHAIN_OPEN,
  /** Not created: the timestamp is set by the ledger; requests must carry zero. */
  TIMESTAMP_MUST_BE_ZERO,
  /** Not created: a flag bit this ledger does not define is set. */
  RESERVED_FLAG,
  /** Not created: id zero is reserved. */
  ID_MUST_NOT_BE_ZERO,
  /** Not created: id {@code 2^128 - 1} is reserved. */
  ID_MUST_NOT_BE_INT_MAX,
  /** An account with this id exists with different flags (closing an account changes them). */
  EXISTS_WITH_DIFFERENT_FLAGS,
  /** An account with this id exists with a different {@code userData128}. */
  EXISTS_WITH_DIFFERENT_USER_DATA_128,
  /** An account with this id exists with a different {@code userData64}. */
  EXISTS_WITH_DIFFERENT_USER_DATA_64,
  /** An account with this id exists with a different {@code userData32}. */
  EXISTS_WITH_DIFFERENT_USER_DATA_32,
  /** An account with this id exists with a different ledger. */
  EXISTS_WITH_DIFFERENT_LEDGER,
  /** An account with this id exists with a different code. */
  EXISTS_WITH_DIFFERENT_CODE,
  /** An identical account exists: a retry; handle it as {@link #OK}. */
  EXISTS,
  /** Not created: both must-not-exceed flags are set. */
  FLAGS_ARE_MUTUALLY_EXCLUSIVE,
  /** Not created: balances start at zero. */
  DEBITS_PENDING_MUST_BE_ZERO,
  /** Not created: balances start at zero. */
  DEBITS_POSTED_MUST_BE_ZERO,
  /** Not created: balances start at zero. */
  CREDITS_PENDING_MUST_BE_ZERO,
  /** Not created: balances start at zero. */
  CREDITS_POSTED_MUST_BE_ZERO,
  /** Not created: ledger zero. */
  LEDGER_MUST_NOT_BE_ZERO,
  /** Not created: code zero. */
  CODE_MUST_NOT_BE_ZERO;

  /** Whether the account is in the ledger after this result: {@link #OK} or {@link #EXISTS}. */
  public boolean isSuccess() {
    return this == OK || this == EXISTS;
  }
}
