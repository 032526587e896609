package dev.blocks.core.sharding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changes when a key population moves from one router to another: each key that changes node,
 * the traffic between each pair of nodes, and the fraction of keys moved.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.sharding.ShardRouterSnippets region=rebalance}
 *
 * <p>Immutable.
 *
 * @param keys how many keys were examined
 * @param moves each moved key with its old and new node, in key-source order
 * @param flows moved-key counts per {@code from → to} pair, keyed {@code "from→to"}
 * @param <K> the key type
 * @since 0.1
 */
public record RebalancePlan<K>(long keys, List<Move<K>> moves, Map<String, Long> flows) {

  /**
   * One key that changes node.
   *
   * @param key the key
   * @param from its node under the old router
   * @param to its node under the new router
   * @param <K> the key type
   * @since 0.1
   */
  public record Move<K>(K key, String from, String to) {

    /** Validates that no component is null. */
    public Move {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /** Copies the collections and validates the counts. */
  public RebalancePlan {
    if (keys < 0) {
      throw new IllegalArgumentException("keys must be >= 0, got " + keys);
    }
    moves = List.copyOf(moves);
    flows = Collections.unmodifiableMap(new LinkedHashMap<>(flows));
    if (moves.size() > keys) {
      throw new IllegalArgumentException(
          "moves must number at most keys = " + keys + ", got " + moves.size());
    }
  }

  /**
   * Compares two routers over a key source.
   *
   * @param before the current router
   * @param after the proposed router
   * @param keys the key source, iterated once
   * @param <K> the key type
   * @return the plan
   */
  public static <K> RebalancePlan<K> between(
      ShardRouter<K> before, ShardRouter<K> after, Iterable<? extends K> keys) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    List<Move<K>> moves = new ArrayList<>();
    Map<String, Long> flows = new LinkedHashMap<>();
    long count = 0;
    for (K key : Objects.requireNonNull(keys, "keys")) {
      count++;
      String from = before.route(key);
      String to = after.route(key);
      if (!from.equals(to)) {
        moves.add(new Move<>(key, from, to));
        flows.merge(from + "→" + to, 1L, Long::sum);
      }
    }
    return new RebalancePlan<>(count, moves, flows);
  }

  /**
   * Returns the fraction of keys that move, in [0, 1] (0 for no keys).
   *
   * @return moved keys over examined keys
   */
  public double movedFraction() {
    return keys == 0 ? 0 : (double) moves.size() / keys;
  }
}
