/**
 * Sharding: routers that map keys to nodes (range, modulo, ring, rendezvous, jump, jump-back,
 * Maglev, multi-probe, bounded-load), rebalance plans between routers, load statistics with hot-key
 * detection, and a lazy cross-shard {@code ORDER BY} merge.
 *
 * <p>Start at {@link dev.blocks.core.sharding.ShardRouter} and {@link
 * dev.blocks.core.sharding.ShardRouters}. BENCHMARKS.md holds the balance table (peak/mean,
 * min/mean, movement on add and remove) of every router and their lookup times.
 *
 * @since 0.1
 */
package dev.blocks.core.sharding;
