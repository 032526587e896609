package dev.blocks.ledger;

/**
 * An account's four balances as of a timestamp (accounts with {@link AccountFlags#HISTORY}).
 *
 * <p>Immutable.
 *
 * @param timestamp the timestamp of the change that produced these balances
 * @param debitsPending debits reserved by pending transfers
 * @param debitsPosted posted debits
 * @param creditsPending credits reserved by pending transfers
 * @param creditsPosted posted credits
 * @since 0.1
 */
public record AccountBalance(
    long timestamp,
    long debitsPending,
    long debitsPosted,
    long creditsPending,
    long creditsPosted) {}
