package dev.blocks.core.replica;

import java.util.Objects;

/**
 * Where a read goes, the node's position when it was chosen, and why.
 *
 * <p>Immutable.
 *
 * @param node the chosen node's id
 * @param position that node's applied log position at routing time
 * @param reason why this node was chosen
 * @since 0.1
 */
public record ReadRoute(String node, long position, Reason reason) {

  /**
   * Why a read went where it went.
   *
   * @since 0.1
   */
  public enum Reason {
    /** A serving replica had reached the session's floor. */
    REPLICA_CAUGHT_UP,
    /** The session wrote within the primary window. */
    PRIMARY_WINDOW,
    /** No serving replica had reached the session's floor (or there are no replicas). */
    PRIMARY_FALLBACK,
    /** The wait for a replica timed out. */
    PRIMARY_AFTER_TIMEOUT,
    /** The wait for a replica was interrupted. */
    PRIMARY_AFTER_INTERRUPT
  }

  /** Validates the fields. */
  public ReadRoute {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(reason, "reason");
  }
}
