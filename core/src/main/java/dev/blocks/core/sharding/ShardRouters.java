package dev.blocks.core.sharding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Creates the hash-based {@link ShardRouter}s. Every factory has a form that takes a {@link
 * KeyHasher} and one that uses {@link KeyHasher#standard()}; node ids must be non-empty and unique.
 * Range routers come from {@link RangeRouter#of}.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.sharding.ShardRouterSnippets region=route}
 *
 * <p>Stateless; the routers it returns are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ShardRouters {

  /** Virtual nodes per unit weight of {@link #ring(List)}. */
  public static final int DEFAULT_VIRTUAL_NODES = 1000;

  /** Probes per key of {@link #multiProbe(List)}, the paper's choice for peak/mean near 1.05. */
  public static final int DEFAULT_PROBES = 21;

  /** Virtual nodes per node of {@link #boundedLoad(List, double, Iterable)}. */
  public static final int DEFAULT_BOUNDED_LOAD_VIRTUAL_NODES = 100;

  private ShardRouters() {}

  /**
   * Returns a {@link ModuloRouter}, the baseline.
   *
   * @param nodes the node ids
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates
   */
  public static <K> ModuloRouter<K> modulo(List<String> nodes) {
    return modulo(nodes, KeyHasher.standard());
  }

  /**
   * Returns a {@link ModuloRouter} with a key hasher.
   *
   * @param nodes the node ids
   * @param hasher the key hasher
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates
   */
  public static <K> ModuloRouter<K> modulo(List<String> nodes, KeyHasher<? super K> hasher) {
    return new ModuloRouter<>(nodes, hasher);
  }

  /**
   * Returns a {@link RingRouter} with {@value #DEFAULT_VIRTUAL_NODES} virtual nodes per node.
   *
   * @param nodes the node ids
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates
   */
  public static <K> RingRouter<K> ring(List<String> nodes) {
    return ring(nodes, DEFAULT_VIRTUAL_NODES);
  }

  /**
   * Returns a {@link RingRouter} with equal weights.
   *
   * @param nodes the node ids
   * @param virtualNodes points per node, at least 1
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates, or {@code
   *     virtualNodes < 1}
   */
  public static <K> RingRouter<K> ring(List<String> nodes, int virtualNodes) {
    return ring(nodes, virtualNodes, KeyHasher.standard());
  }

  /**
   * Returns a {@link RingRouter} with equal weights and a key hasher.
   *
   * @param nodes the node ids
   * @param virtualNodes points per node, at least 1
   * @param hasher the key hasher
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates, or {@code
   *     virtualNodes < 1}
   */
  public static <K> RingRouter<K> ring(
      List<String> nodes, int virtualNodes, KeyHasher<? super K> hasher) {
    return new RingRouter<>(nodes, ones(nodes), virtualNodes, hasher);
  }

  private static double[] ones(List<String> nodes) {
    double[] ones = new double[Nodes.validate(nodes).size()];
    java.util.Arrays.fill(ones, 1.0);
    return ones;
  }

  /**
   * Returns a weighted {@link RingRouter}: node {@code i} gets {@code round(virtualNodes ×
   * weight_i)} points (at least one).
   *
   * @param weights node ids to weights, in the order that defines shard indexes (use a {@link
   *     java.util.LinkedHashMap})
   * @param virtualNodes points per unit of weight
   * @param hasher the key hasher
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if there are no nodes, a weight is not finite and positive, or
   *     {@code virtualNodes < 1}
   */
  public static <K> RingRouter<K> ring(
      Map<String, Double> weights, int virtualNodes, KeyHasher<? super K> hasher) {
    List<String> nodes = new ArrayList<>(Objects.requireNonNull(weights, "weights").keySet());
    return new RingRouter<>(
        nodes, Nodes.weights(Nodes.validate(nodes), weights), virtualNodes, hasher);
  }

  /**
   * Returns an unweighted {@link RendezvousRouter}.
   *
   * @param nodes the node ids
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates
   */
  public static <K> RendezvousRouter<K> rendezvous(List<String> nodes) {
    return rendezvous(nodes, KeyHasher.standard());
  }

  /**
   * Returns an unweighted {@link RendezvousRouter} with a key hasher.
   *
   * @param nodes the node ids
   * @param hasher the key hasher
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates
   */
  public static <K> RendezvousRouter<K> rendezvous(
      List<String> nodes, KeyHasher<? super K> hasher) {
    return new RendezvousRouter<>(nodes, ones(nodes), hasher);
  }

  /**
   * Returns a weighted {@link RendezvousRouter}: each node's share converges to its weight over the
   * sum of weights.
   *
   * @param weights node ids to weights, in index order
   * @param hasher the key hasher
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if there are no nodes or a weight is not finite and positive
   */
  public static <K> RendezvousRouter<K> rendezvous(
      Map<String, Double> weights, KeyHasher<? super K> hasher) {
    List<String> nodes = new ArrayList<>(Objects.requireNonNull(weights, "weights").keySet());
    return new RendezvousRouter<>(nodes, Nodes.weights(Nodes.validate(nodes), weights), hasher);
  }

  /**
   * Returns a {@link JumpRouter} using {@link JumpHash} (Lamping and Veach).
   *
   * @param nodes the node ids; a key's shard index is its jump bucket
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates
   */
  public static <K> JumpRouter<K> jump(List<String> nodes) {
    return jump(nodes, KeyHasher.standard());
  }

  /**
   * Returns a {@link JumpRouter} using {@link JumpHash} with a key hasher.
   *
   * @param nodes the node ids
   * @param hasher the key hasher
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates
   */
  public static <K> JumpRouter<K> jump(List<String> nodes, KeyHasher<? super K> hasher) {
    return new JumpRouter<>(nodes, hasher, false);
  }

  /**
   * Returns a {@link JumpRouter} using the constant-time {@link JumpBackHash} (Ertl).
   *
   * @param nodes the node ids
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates
   */
  public static <K> JumpRouter<K> jumpBack(List<String> nodes) {
    return jumpBack(nodes, KeyHasher.standard());
  }

  /**
   * Returns a {@link JumpRouter} using {@link JumpBackHash} with a key hasher.
   *
   * @param nodes the node ids
   * @param hasher the key hasher
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates
   */
  public static <K> JumpRouter<K> jumpBack(List<String> nodes, KeyHasher<? super K> hasher) {
    return new JumpRouter<>(nodes, hasher, true);
  }

  /**
   * Returns a {@link MaglevRouter} whose table size is the smallest prime above {@code 100 × n}.
   *
   * @param nodes the node ids
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates
   */
  public static <K> MaglevRouter<K> maglev(List<String> nodes) {
    return new MaglevRouter<>(nodes, 0, KeyHasher.standard());
  }

  /**
   * Returns a {@link MaglevRouter} with a given table size and key hasher.
   *
   * @param nodes the node ids
   * @param tableSize a prime at least the node count; the paper recommends {@code >= 100 × n}
   * @param hasher the key hasher
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates, or {@code
   *     tableSize} is not such a prime
   */
  public static <K> MaglevRouter<K> maglev(
      List<String> nodes, int tableSize, KeyHasher<? super K> hasher) {
    if (tableSize <= 0) {
      throw new IllegalArgumentException(
          "tableSize must be a prime >= the node count, got " + tableSize);
    }
    return new MaglevRouter<>(nodes, tableSize, hasher);
  }

  /**
   * Returns a {@link MultiProbeRouter} with {@value #DEFAULT_PROBES} probes.
   *
   * @param nodes the node ids
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates
   */
  public static <K> MultiProbeRouter<K> multiProbe(List<String> nodes) {
    return multiProbe(nodes, DEFAULT_PROBES, KeyHasher.standard());
  }

  /**
   * Returns a {@link MultiProbeRouter}.
   *
   * @param nodes the node ids
   * @param probes probes per key, at least 1
   * @param hasher the key hasher
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates, or {@code
   *     probes < 1}
   */
  public static <K> MultiProbeRouter<K> multiProbe(
      List<String> nodes, int probes, KeyHasher<? super K> hasher) {
    return new MultiProbeRouter<>(nodes, probes, hasher);
  }

  /**
   * Returns a {@link BoundedLoadRouter} over a key population, with {@value
   * #DEFAULT_BOUNDED_LOAD_VIRTUAL_NODES} virtual nodes per node.
   *
   * @param nodes the node ids
   * @param epsilon the allowed excess over the mean load, {@code > 0}
   * @param keys the key population to place
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates, or {@code
   *     epsilon <= 0}
   */
  public static <K> BoundedLoadRouter<K> boundedLoad(
      List<String> nodes, double epsilon, Iterable<? extends K> keys) {
    return boundedLoad(
        nodes, epsilon, keys, DEFAULT_BOUNDED_LOAD_VIRTUAL_NODES, KeyHasher.standard());
  }

  /**
   * Returns a {@link BoundedLoadRouter} over a key population.
   *
   * @param nodes the node ids
   * @param epsilon the allowed excess over the mean load, {@code > 0}
   * @param keys the key population to place
   * @param virtualNodes ring points per node, at least 1
   * @param hasher the key hasher
   * @param <K> the key type
   * @return the router
   * @throws IllegalArgumentException if {@code nodes} is empty or holds duplicates, {@code epsilon
   *     <= 0} or {@code virtualNodes < 1}
   */
  @SuppressWarnings("unchecked")
  public static <K> BoundedLoadRouter<K> boundedLoad(
      List<String> nodes,
      double epsilon,
      Iterable<? extends K> keys,
      int virtualNodes,
      KeyHasher<? super K> hasher) {
    Objects.requireNonNull(hasher, "hasher");
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
    }
    long[] hashes = BoundedLoadRouter.distinctSortedHashes(keys, (KeyHasher<Object>) hasher);
    return new BoundedLoadRouter<>(nodes, epsilon, virtualNodes, hashes, hasher);
  }
}
