/**
 * Read-replica routing: writes go to the primary and return a log position token; reads go to a
 * replica that has applied the session's writes, by policy, with lagging replicas excluded.
 *
 * <p>{@link dev.blocks.core.replica.ReplicaRouter} is the entry point; replication progress comes
 * from an injected {@link dev.blocks.core.replica.ReplicaPositions} (in production, the database's
 * own view, such as PostgreSQL's {@code pg_last_wal_replay_lsn()} or a MySQL GTID set; in tests, a
 * {@link dev.blocks.core.replica.SimulatedReplication}).
 *
 * @since 0.1
 */
package dev.blocks.core.replica;
