/**
 * Pre-trade checks in front of a matching engine: per-account limits and a wallet that reserves
 * funds on acceptance, releases them on cancel or expiry and settles them on fill ({@link
 * dev.blocks.orderbook.risk.RiskGate}).
 *
 * @since 0.1
 */
package dev.blocks.orderbook.risk;
