package dev.blocks.core.sharding;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-shard load (key or request counts) and its balance: peak/mean and min/mean, from a key sample
 * routed through a router or from live counters.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.sharding.ShardRouterSnippets region=load}
 *
 * <p>Immutable.
 *
 * @param loads each node's load, in node order; nodes with no load appear with 0
 * @since 0.1
 */
public record ShardLoad(Map<String, Long> loads) {

  /** Copies the map and validates it. */
  public ShardLoad {
    if (Objects.requireNonNull(loads, "loads").isEmpty()) {
      throw new IllegalArgumentException("loads must not be empty, got {}");
    }
    for (Map.Entry<String, Long> e : loads.entrySet()) {
      if (e.getValue() < 0) {
        throw new IllegalArgumentException(
            "load of node \"" + e.getKey() + "\" must be >= 0, got " + e.getValue());
      }
    }
    loads = Collections.unmodifiableMap(new LinkedHashMap<>(loads));
  }

  /**
   * Routes every key of a sample and counts keys per node.
   *
   * @param router the router
   * @param keys the sample, iterated once
   * @param <K> the key type
   * @return the load
   */
  public static <K> ShardLoad of(ShardRouter<K> router, Iterable<? extends K> keys) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String node : router.nodes()) {
      counts.put(node, 0L);
    }
    for (K key : keys) {
      counts.merge(router.route(key), 1L, Long::sum);
    }
    return new ShardLoad(counts);
  }

  /**
   * Returns the total load.
   *
   * @return the sum over shards
   */
  public long total() {
    long sum = 0;
    for (long l : loads.values()) {
      sum += l;
    }
    return sum;
  }

  /**
   * Returns the mean load per shard.
   *
   * @return total over shard count
   */
  public double mean() {
    return (double) total() / loads.size();
  }

  /**
   * Returns the largest load over the mean (1 is perfect balance; 0 when there is no load).
   *
   * @return peak/mean
   */
  public double peakToMean() {
    double mean = mean();
    return mean == 0 ? 0 : Collections.max(loads.values()) / mean;
  }

  /**
   * Returns the smallest load over the mean (1 is perfect balance; 0 when there is no load).
   *
   * @return min/mean
   */
  public double minToMean() {
    double mean = mean();
    return mean == 0 ? 0 : Collections.min(loads.values()) / mean;
  }

  /**
   * Returns the node with the largest load (the first such in node order).
   *
   * @return the hottest node's id
   */
  public String hottest() {
    String best = null;
    long top = -1;
    for (Map.Entry<String, Long> e : loads.entrySet()) {
      if (e.getValue() > top) {
        top = e.getValue();
        best = e.getKey();
      }
    }
    return best;
  }
}
