package dev.blocks.core.replica;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * An in-memory replication model for tests, simulations and demos: the primary appends numbered
 * writes, and each replica applies every write {@code lag} after it was committed, unless it is
 * stalled (a broken link or a failed replica), in which case its position freezes.
 *
 * <p>Positions start at 0 and each {@link #append()} returns the next one. A replica's position is
 * the newest write committed at or before {@code now - lag}, and never goes backwards (raising the
 * lag holds it still; it does not un-apply writes). Time comes from an injected nanosecond ticker.
 *
 * <p>Thread-safe: every method is {@code synchronized}.
 *
 * @since 0.1
 */
public final class SimulatedReplication implements ReplicaPositions {

  private final String primary;
  private final LongSupplier nanoTime;
  private final Map<String, Long> lagNanos = new HashMap<>();
  private final Map<String, Long> applied = new HashMap<>();
  private final Map<String, Boolean> stalled = new HashMap<>();
  private long[] commitNanos = new long[64];
  private int writes;

  /**
   * Creates a model with every replica at lag zero and position 0.
   *
   * @param primary the primary's id
   * @param replicas the replicas' ids
   * @param nanoTime the time source
   */
  public SimulatedReplication(String primary, List<String> replicas, LongSupplier nanoTime) {
    this.primary = Objects.requireNonNull(primary, "primary");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    for (String replica : replicas) {
      lagNanos.put(replica, 0L);
      applied.put(replica, 0L);
      stalled.put(replica, false);
    }
  }

  /**
   * Commits one write on the primary now and returns its position.
   *
   * @return the new position, from 1 up
   */
  public synchronized long append() {
    if (writes == commitNanos.length) {
      commitNanos = Arrays.copyOf(commitNanos, writes * 2);
    }
    commitNanos[writes++] = nanoTime.getAsLong();
    return writes;
  }

  /**
   * Sets a replica's apply delay.
   *
   * @param replica the replica
   * @param lag the delay, not negative
   * @throws IllegalArgumentException if the replica is unknown or the lag negative
   */
  public synchronized void setLag(String replica, Duration lag) {
    known(replica);
    if (lag.isNegative()) {
      throw new IllegalArgumentException("lag must be >= 0, got " + lag);
    }
    catchUp(replica);
    lagNanos.put(replica, lag.toNanos());
  }

  /**
   * Stops or restarts a replica's applying; a stalled replica keeps its position.
   *
   * @param replica the replica
   * @param stall whether it is stalled
   * @throws IllegalArgumentException if the replica is unknown
   */
  public synchronized void setStalled(String replica, boolean stall) {
    known(replica);
    catchUp(replica);
    stalled.put(replica, stall);
  }

  @Override
  public synchronized long position(String node) {
    if (node.equals(primary)) {
      return writes;
    }
    known(node);
    return catchUp(node);
  }

  private long catchUp(String replica) {
    long current = applied.get(replica);
    if (stalled.get(replica)) {
      return current;
    }
    long horizon = nanoTime.getAsLong() - lagNanos.get(replica);
    // number of writes committed at or before the horizon (commit times never decrease)
    int lo = 0;
    int hi = writes;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (commitNanos[mid] <= horizon) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    long position = Math.max(current, lo);
    applied.put(replica, position);
    return position;
  }

  private void known(String replica) {
    if (!applied.containsKey(Objects.requireNonNull(replica, "replica"))) {
      throw new IllegalArgumentException(
          "replica must be one of " + applied.keySet() + ", got \"" + replica + "\"");
    }
  }
}
