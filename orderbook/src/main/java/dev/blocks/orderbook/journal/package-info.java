/**
 * Determinism and durability for the matching engine: a {@link
 * dev.blocks.orderbook.journal.Sequencer} numbers every inbound command without gaps and appends it
 * to an append-only {@link dev.blocks.orderbook.journal.Journal} (CRC32C per record, group commit)
 * before the engine applies it; replaying the journal, or a snapshot plus the journal's tail,
 * rebuilds the identical engine.
 *
 * @since 0.1
 */
package dev.blocks.orderbook.journal;
