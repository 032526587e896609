package dev.blocks.core.replica;

/**
 * How a {@link ReplicaRouter} picks the node for a read so that the session sees its own writes
 * (read-your-writes) and never goes back in time (monotonic reads).
 *
 * <p>Every policy only ever reads from a node whose position is at or past the session's floor: the
 * larger of its last write's token and the position of its last read. They differ in what they do
 * when no serving replica has reached it.
 *
 * @since 0.1
 */
public enum ReadPolicy {

  /**
   * Reads from the primary for a fixed window after the session's last write (long enough for
   * replicas to catch up, as many web frameworks do), then from a caught-up serving replica, else
   * the primary.
   */
  PRIMARY_AFTER_WRITE,

  /**
   * Waits, polling, until a serving replica reaches the session's floor; after the timeout reads
   * from the primary.
   */
  WAIT_FOR_REPLICA,

  /** Reads from any serving replica at or past the session's floor, else from the primary. */
  CAUGHT_UP_REPLICA
}
