/**
 * Market data built from a matching engine's events: level 1 and level 2 ({@link
 * dev.blocks.orderbook.marketdata.L2Book}, rebuilt from incremental level updates), the trade tape
 * ({@link dev.blocks.orderbook.marketdata.TradeTape}) and OHLCV candlesticks by trade time ({@link
 * dev.blocks.orderbook.marketdata.CandleSeries}). Level 3, order by order, is the engine's own
 * {@link dev.blocks.orderbook.MatchingEngine#forEachOrder} view.
 *
 * @since 0.1
 */
package dev.blocks.orderbook.marketdata;
