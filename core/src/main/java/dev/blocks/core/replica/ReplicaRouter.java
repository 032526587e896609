package dev.blocks.core.replica;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Routes writes to the primary and reads to replicas for one primary and N replicas, giving each
 * {@link Session} read-your-writes and monotonic reads under replication lag.
 *
 * <p>A write runs on the primary and returns its log position (the token, like a GTID or an LSN),
 * which the session remembers. A read goes, by {@link ReadPolicy}, to a serving replica whose
 * applied position has reached the session's {@linkplain Session#floor() floor}, or to the primary.
 * Replicas lagging the primary by more than {@code maxLag} positions stop serving, but never so
 * many that fewer than {@code minServing} serve: the least-lagging excluded replicas are kept to
 * make up the minimum. Among eligible replicas reads rotate round-robin. This is the design
 * described in Kleppmann, "Designing Data-Intensive Applications" (2017), chapter 5, "Problems with
 * Replication Lag".
 *
 * <p>Replication progress comes from an injected {@link ReplicaPositions}; time from an injected
 * nanosecond ticker and waiting from an injected {@link Pause}, so tests drive lag, failover and
 * timeouts deterministically without sleeping.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.replica.ReplicaRouterSnippets region=read}
 *
 * <p>Thread-safe: the configuration is immutable, the round-robin cursor is an atomic counter, and
 * sessions synchronise themselves.
 *
 * @since 0.1
 */
public final class ReplicaRouter {

  private final String primary;
  private final List<String> replicas;
  private final ReplicaPositions positions;
  private final ReadPolicy policy;
  private final long windowNanos;
  private final long timeoutNanos;
  private final long pollNanos;
  private final long maxLag;
  private final int minServing;
  private final LongSupplier nanoTime;
  private final Pause pause;
  private final AtomicLong cursor = new AtomicLong();

  private ReplicaRouter(Builder b) {
    this.primary = b.primary;
    this.replicas = b.replicas;
    this.positions = b.positions;
    this.policy = b.policy;
    this.windowNanos = b.primaryWindow.toNanos();
    this.timeoutNanos = b.waitTimeout.toNanos();
    this.pollNanos = b.pollInterval.toNanos();
    this.maxLag = b.maxLag;
    this.minServing = b.minServing;
    this.nanoTime = b.nanoTime;
    this.pause = b.pause;
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a new session with no writes and no reads yet.
   *
   * @return a session
   */
  public Session newSession() {
    return new Session();
  }

  /**
   * Runs a write on the primary and records its token in the session.
   *
   * @param session the writing session
   * @param writeOnPrimary performs the write on the given node (the primary) and returns the log
   *     position the database reports for it
   * @return the write's token
   */
  public long write(Session session, ToLongFunction<String> writeOnPrimary) {
    Objects.requireNonNull(session, "session");
    long token = writeOnPrimary.applyAsLong(primary);
    session.recordWrite(token, nanoTime.getAsLong());
    return token;
  }

  /**
   * Chooses the node for a read of {@code session} by the router's policy, and records the node's
   * position in the session.
   *
   * <p>If the thread is interrupted while {@link ReadPolicy#WAIT_FOR_REPLICA} waits, the read goes
   * to the primary (which is always consistent) and the interrupt flag is set again.
   *
   * @param session the reading session
   * @return the route
   */
  public ReadRoute read(Session session) {
    Objects.requireNonNull(session, "session");
    long floor = session.floor();
    ReadRoute route =
        switch (policy) {
          case PRIMARY_AFTER_WRITE ->
              session.wroteWithin(nanoTime.getAsLong(), windowNanos)
                  ? primaryRoute(ReadRoute.Reason.PRIMARY_WINDOW)
                  : replicaOrPrimary(floor);
          case CAUGHT_UP_REPLICA -> replicaOrPrimary(floor);
          case WAIT_FOR_REPLICA -> waitForReplica(floor);
        };
    session.recordRead(route.position());
    return route;
  }

  private ReadRoute waitForReplica(long floor) {
    long deadline = nanoTime.getAsLong() + timeoutNanos;
    while (true) {
      ReadRoute route = caughtUpReplica(floor);
      if (route != null) {
        return route;
      }
      long left = deadline - nanoTime.getAsLong();
      if (left <= 0) {
        return primaryRoute(ReadRoute.Reason.PRIMARY_AFTER_TIMEOUT);
      }
      try {
        pause.pauseNanos(Math.min(pollNanos, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return primaryRoute(ReadRoute.Reason.PRIMARY_AFTER_INTERRUPT);
      }
    }
  }

  private ReadRoute replicaOrPrimary(long floor) {
    ReadRoute route = caughtUpReplica(floor);
    return route != null ? route : primaryRoute(ReadRoute.Reason.PRIMARY_FALLBACK);
  }

  private ReadRoute primaryRoute(ReadRoute.Reason reason) {
    return new ReadRoute(primary, positions.position(primary), reason);
  }

  /** A serving replica at or past {@code floor}, round-robin among them, or null. */
  private ReadRoute caughtUpReplica(long floor) {
    long[] at = new long[replicas.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = positions.position(replicas.get(i));
    }
    boolean[] serving = serving(positions.position(primary), at);
    int eligible = 0;
    for (int i = 0; i < at.length; i++) {
      if (serving[i] && at[i] >= floor) {
        eligible++;
      }
    }
    if (eligible == 0) {
      return null;
    }
    int pick = (int) Math.floorMod(cursor.getAndIncrement(), (long) eligible);
    for (int i = 0; i < at.length; i++) {
      if (serving[i] && at[i] >= floor && pick-- == 0) {
        return new ReadRoute(replicas.get(i), at[i], ReadRoute.Reason.REPLICA_CAUGHT_UP);
      }
    }
    throw new AssertionError("eligible replica vanished");
  }

  /**
   * Which replicas serve: those within {@code maxLag} of the primary, topped up with the
   * least-lagging others (ties by list order) to at least {@code minServing}.
   */
  private boolean[] serving(long primaryPosition, long[] at) {
    boolean[] serving = new boolean[at.length];
    int count = 0;
    for (int i = 0; i < at.length; i++) {
      if (primaryPosition - at[i] <= maxLag) {
        serving[i] = true;
        count++;
      }
    }
    while (count < minServing) {
      int best = -1;
      for (int i = 0; i < at.length; i++) {
        if (!serving[i] && (best < 0 || at[i] > at[best])) {
          best = i;
        }
      }
      serving[best] = true;
      count++;
    }
    return serving;
  }

  /**
   * Returns the replicas that serve reads right now (lag exclusion applied, never fewer than {@code
   * minServing}).
   *
   * @return the serving replicas, in configuration order
   */
  public List<String> servingReplicas() {
    long[] at = new long[replicas.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = positions.position(replicas.get(i));
    }
    boolean[] serving = serving(positions.position(primary), at);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < at.length; i++) {
      if (serving[i]) {
        out.add(replicas.get(i));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Returns the primary's id.
   *
   * @return the primary
   */
  public String primary() {
    return primary;
  }

  /**
   * Returns the replicas' ids.
   *
   * @return the replicas
   */
  public List<String> replicas() {
    return replicas;
  }

  /**
   * Returns the read policy.
   *
   * @return the policy
   */
  public ReadPolicy policy() {
    return policy;
  }

  /**
   * Builds a {@link ReplicaRouter}; {@link #primary}, {@link #replicas} and {@link #positions} are
   * required.
   *
   * <p>Not thread-safe: confine a builder to one thread.
   *
   * @since 0.1
   */
  public static final class Builder {

    private String primary;
    private List<String> replicas;
    private ReplicaPositions positions;
    private ReadPolicy policy = ReadPolicy.CAUGHT_UP_REPLICA;
    private Duration primaryWindow = Duration.ofSeconds(1);
    private Duration waitTimeout = Duration.ofMillis(100);
    private Duration pollInterval = Duration.ofMillis(2);
    private long maxLag = Long.MAX_VALUE;
    private int minServing = 1;
    private LongSupplier nanoTime = System::nanoTime;
    private Pause pause = Pause.sleeping();

    private Builder() {}

    /**
     * Sets the primary's id.
     *
     * @param primary the primary, non-empty
     * @return this builder
     */
    public Builder primary(String primary) {
      this.primary = Objects.requireNonNull(primary, "primary");
      return this;
    }

    /**
     * Sets the replicas' ids.
     *
     * @param replicas the replicas (may be empty), distinct and distinct from the primary
     * @return this builder
     */
    public Builder replicas(List<String> replicas) {
      this.replicas = List.copyOf(replicas);
      return this;
    }

    /**
     * Sets the replication model.
     *
     * @param positions reports each node's applied position
     * @return this builder
     */
    public Builder positions(ReplicaPositions positions) {
      this.positions = Objects.requireNonNull(positions, "positions");
      return this;
    }

    /**
     * Sets the read policy (default {@link ReadPolicy#CAUGHT_UP_REPLICA}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder policy(ReadPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets how long after a write {@link ReadPolicy#PRIMARY_AFTER_WRITE} reads from the primary
     * (default 1 s).
     *
     * @param window the window, not negative
     * @return this builder
     */
    public Builder primaryWindow(Duration window) {
      this.primaryWindow = Objects.requireNonNull(window, "primaryWindow");
      return this;
    }

    /**
     * Sets how long {@link ReadPolicy#WAIT_FOR_REPLICA} waits (default 100 ms) and how often it
     * polls positions (default 2 ms).
     *
     * @param timeout the wait limit, not negative
     * @param pollInterval the poll interval, positive
     * @return this builder
     */
    public Builder waitTimeout(Duration timeout, Duration pollInterval) {
      this.waitTimeout = Objects.requireNonNull(timeout, "timeout");
      this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
      return this;
    }

    /**
     * Sets lag exclusion: replicas more than {@code maxLag} positions behind the primary stop
     * serving, but never so many that fewer than {@code minServing} serve (defaults: no limit, 1).
     *
     * @param maxLag the largest tolerated lag in positions, not negative
     * @param minServing the fewest serving replicas, in {@code [0, replicas]}
     * @return this builder
     */
    public Builder lagExclusion(long maxLag, int minServing) {
      this.maxLag = maxLag;
      this.minServing = minServing;
      return this;
    }

    /**
     * Sets the time source (default {@link System#nanoTime()}) and the pause between polls (default
     * {@link Pause#sleeping()}).
     *
     * @param nanoTime a monotonic nanosecond ticker
     * @param pause waits between polls
     * @return this builder
     */
    public Builder time(LongSupplier nanoTime, Pause pause) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      this.pause = Objects.requireNonNull(pause, "pause");
      return this;
    }

    /**
     * Builds the router.
     *
     * @return the router
     * @throws IllegalArgumentException if a required setting is missing or a value is out of range;
     *     the message names it
     */
    public ReplicaRouter build() {
      if (primary == null || primary.isEmpty()) {
        throw new IllegalArgumentException("primary must be a non-empty id, got " + primary);
      }
      if (replicas == null) {
        throw new IllegalArgumentException("replicas must be set, got null");
      }
      if (positions == null) {
        throw new IllegalArgumentException("positions must be set, got null");
      }
      Set<String> seen = new HashSet<>();
      seen.add(primary);
      for (String replica : replicas) {
        if (replica.isEmpty() || !seen.add(replica)) {
          throw new IllegalArgumentException(
              "replicas must be non-empty ids distinct from each other and from the primary \""
                  + primary
                  + "\", got \""
                  + replica
                  + "\" in "
                  + replicas);
        }
      }
      if (primaryWindow.isNegative()) {
        throw new IllegalArgumentException("primaryWindow must be >= 0, got " + primaryWindow);
      }
      if (waitTimeout.isNegative()) {
        throw new IllegalArgumentException("waitTimeout must be >= 0, got " + waitTimeout);
      }
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be > 0, got " + pollInterval);
      }
      if (maxLag < 0) {
        throw new IllegalArgumentException("maxLag must be >= 0, got " + maxLag);
      }
      if (minServing < 0 || minServing > replicas.size()) {
        throw new IllegalArgumentException(
            "minServing must be in [0, " + replicas.size() + "], got " + minServing);
      }
      return new ReplicaRouter(this);
    }
  }
}
