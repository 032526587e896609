package dev.blocks.orderbook.risk;

/**
 * The pre-trade rule a command broke.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public enum RiskRule {
  /** The order's owner has no account. */
  UNKNOWN_ACCOUNT,
  /** A live order already has this id. */
  DUPLICATE_ORDER_ID,
  /** Modify of an order that is not live. */
  UNKNOWN_ORDER,
  /** Quantity above {@link AccountLimits#maxOrderQuantity()}. */
  MAX_ORDER_QUANTITY,
  /** Price × quantity above {@link AccountLimits#maxNotional()}. */
  MAX_NOTIONAL,
  /** Price farther from the reference price than {@link AccountLimits#priceCollar()}. */
  PRICE_COLLAR,
  /** Holdings plus open buys would exceed {@link AccountLimits#maxPosition()}. */
  POSITION_LIMIT,
  /** Not enough free cash for a buy's reservation (price × quantity). */
  INSUFFICIENT_FUNDS,
  /** Not enough free instrument holdings for a sell's reservation. */
  INSUFFICIENT_HOLDINGS,
  /** The engine rejected the command (its event says why). */
  ENGINE_REJECTED
}
