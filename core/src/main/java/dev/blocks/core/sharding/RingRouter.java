package dev.blocks.core.sharding;

import java.util.List;
import java.util.Map;

/**
 * Consistent hashing on a ring with virtual nodes and weights: each node owns {@code
 * round(virtualNodes × weight)} (at least one) pseudo-random points on a 64-bit circle, and a key
 * belongs to the owner of the first point clockwise from its hash.
 *
 * <p>From David Karger, Eric Lehman, Tom Leighton, Rina Panigrahy, Matthew Levine and Daniel Lewin,
 * "Consistent Hashing and Random Trees" (STOC 1997). Adding a node moves only the keys its points
 * capture, all to it; removing one moves only its keys. Balance improves with the number of points:
 * a node's share has a relative spread of about {@code 1/sqrt(points)}.
 *
 * <p>Layout: the points sit in one sorted {@code long[]} (a 43-bit position packed above a 20-bit
 * owner index, so at most 2<sup>20</sup> nodes) with a direct-mapped index over the top position
 * bits, so a lookup reads one index slot and scans about one entry, allocating nothing.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <K> the key type
 * @since 0.1
 */
public final class RingRouter<K> extends HashRouter<K> {

  private final int virtualNodes;
  private final double[] weights;
  private final Ring ring;

  RingRouter(List<String> nodes, double[] weights, int virtualNodes, KeyHasher<? super K> hasher) {
    super(nodes, hasher);
    if (virtualNodes < 1) {
      throw new IllegalArgumentException("virtualNodes must be >= 1, got " + virtualNodes);
    }
    if (nodeIds.length > Ring.MAX_OWNERS) {
      throw new IllegalArgumentException(
          "nodes must number at most " + Ring.MAX_OWNERS + ", got " + nodeIds.length);
    }
    this.virtualNodes = virtualNodes;
    this.weights = weights.clone();
    long total = 0;
    int[] counts = new int[nodeIds.length];
    for (int i = 0; i < counts.length; i++) {
      Nodes.checkWeight(nodeIds[i], weights[i]);
      double c = Math.rint(virtualNodes * weights[i]);
      if (c > 1 << 24) {
        throw new IllegalArgumentException(
            "virtualNodes × weight must be at most 2^24 per node, got "
                + c
                + " for node \""
                + nodeIds[i]
                + "\"");
      }
      counts[i] = (int) Math.max(1, c);
      total += counts[i];
    }
    if (total > 1 << 27) {
      throw new IllegalArgumentException("ring points must number at most 2^27, got " + total);
    }
    long[] entries = new long[(int) total];
    int e = 0;
    for (int i = 0; i < counts.length; i++) {
      for (int v = 0; v < counts[i]; v++) {
        entries[e++] = Ring.entry(Nodes.nodeHash(nodeIds[i], v), i);
      }
    }
    this.ring = new Ring(entries);
  }

  @Override
  public int shardOf(long keyHash) {
    return Ring.owner(ring.entryAt(ring.successor(Ring.keyPosition(keyHash))));
  }

  /**
   * Returns the number of virtual nodes per unit of weight.
   *
   * @return virtual nodes per unit weight
   */
  public int virtualNodes() {
    return virtualNodes;
  }

  /**
   * Returns the weight of each node, in {@link #nodes()} order.
   *
   * @return an ordered map from node id to weight
   */
  public Map<String, Double> weights() {
    return java.util.Collections.unmodifiableMap(Nodes.weightMap(nodes, weights));
  }

  @Override
  public RingRouter<K> withNode(String node) {
    return withNode(node, 1.0);
  }

  /**
   * Returns a router with {@code node} added with {@code weight}.
   *
   * @param node the new node's id
   * @param weight its weight, finite and positive
   * @return a new router
   * @throws IllegalArgumentException if the id is empty or present, or the weight is not positive
   */
  public RingRouter<K> withNode(String node, double weight) {
    List<String> more = Nodes.plus(nodes, node);
    double[] w = java.util.Arrays.copyOf(weights, weights.length + 1);
    w[weights.length] = Nodes.checkWeight(node, weight);
    return new RingRouter<>(more, w, virtualNodes, hasher);
  }

  @Override
  public RingRouter<K> withoutNode(String node) {
    List<String> rest = Nodes.minus(nodes, node);
    int index = nodes.indexOf(node);
    double[] w = new double[weights.length - 1];
    System.arraycopy(weights, 0, w, 0, index);
    System.arraycopy(weights, index + 1, w, index, w.length - index);
    return new RingRouter<>(rest, w, virtualNodes, hasher);
  }

  @Override
  public String algorithm() {
    return "ring(" + virtualNodes + ")";
  }
}
