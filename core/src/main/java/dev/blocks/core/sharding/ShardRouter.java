package dev.blocks.core.sharding;

import java.util.List;

/**
 * Maps a key to the node (shard) that owns it.
 *
 * <p>A router is an immutable value: {@link #route} is a pure function of the key and the router,
 * and changing the node set ({@link #withNode}, {@link #withoutNode}) returns a new router, so a
 * rebalance can compare the old and the new one ({@link RebalancePlan}). Node ids are non-empty
 * strings, unique within a router.
 *
 * <p>The implementations, each in its own class with the paper it follows: {@link RangeRouter}
 * (sorted boundaries), {@link ModuloRouter} (the naive baseline), {@link RingRouter} (consistent
 * hashing with virtual nodes and weights), {@link RendezvousRouter} (highest random weight), {@link
 * JumpRouter} (jump consistent hash and its constant-time variant), {@link MaglevRouter}, {@link
 * MultiProbeRouter} and {@link BoundedLoadRouter}. {@link ShardRouters} creates them.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.sharding.ShardRouterSnippets region=route}
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @param <K> the key type
 * @since 0.1
 */
public interface ShardRouter<K> {

  /**
   * Returns the node that owns {@code key}: always one of {@link #nodes()}.
   *
   * @param key the key, not null
   * @return the owning node's id
   */
  String route(K key);

  /**
   * Returns the node ids, in the order that defines shard indexes.
   *
   * @return an immutable list of the node ids
   */
  List<String> nodes();

  /**
   * Returns a router with {@code node} added (weight 1 where weights apply).
   *
   * @param node the new node's id
   * @return a new router
   * @throws IllegalArgumentException if the id is empty or already present
   */
  ShardRouter<K> withNode(String node);

  /**
   * Returns a router without {@code node}.
   *
   * @param node the id of the node to remove
   * @return a new router
   * @throws IllegalArgumentException if the node is absent, is the last node, or (for jump routers)
   *     is not the last node in {@link #nodes()}
   */
  ShardRouter<K> withoutNode(String node);

  /**
   * Returns a short name of the algorithm, such as {@code "jump"} or {@code "ring(1000)"}.
   *
   * @return the algorithm's name
   */
  String algorithm();
}
