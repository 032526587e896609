package dev.blocks.core.replica;

/**
 * Reports how far each node has applied the replication log: the injected replication model of a
 * {@link ReplicaRouter}.
 *
 * <p>Positions are log sequence numbers (an LSN, a binlog offset, a GTID sequence number): larger
 * means newer. The primary's position is its latest committed write; a replica's is the latest
 * write it has applied, which may lag. Implementations must be thread-safe and should be cheap
 * (cache the last value polled from the database).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ReplicaPositions {

  /**
   * Returns the newest log position {@code node} has applied.
   *
   * @param node a node id of the router (the primary or a replica)
   * @return its position
   */
  long position(String node);
}
